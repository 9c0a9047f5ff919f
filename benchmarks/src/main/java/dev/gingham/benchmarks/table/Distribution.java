package dev.gingham.benchmarks.table;

import java.util.SplittableRandom;

/**
 * A discrete distribution over small integers given as weights, drawn from with one uniform number.
 * Immutable; thread-safe.
 */
final class Distribution {
  private final int[] values;
  private final long[] cumulative;

  /**
   * A distribution that gives {@code values[i]} with probability {@code weights[i] / sum}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a weight is negative
   */
  Distribution(int[] values, long[] weights) {
    if (values.length != weights.length || values.length == 0) {
      throw new IllegalArgumentException(
          values.length + " values need as many weights, had " + weights.length);
    }
    this.values = values.clone();
    this.cumulative = new long[weights.length];
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException("weight " + i + " is negative: " + weights[i]);
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  int draw(SplittableRandom random) {
    long x = random.nextLong(cumulative[cumulative.length - 1]);
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  /** The share of {@code value}, 0..1. */
  double share(int value) {
    long total = cumulative[cumulative.length - 1];
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return (double) (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])) / total;
      }
    }
    return 0;
  }

  /**
   * Prefix lengths of the public IPv4 table, per 100,000 prefixes: roughly its shares in 2024 (6 in
   * 10 are /24s, then /22, /23, /21, /20, /19 and /16).
   */
  static final Distribution IPV4_LENGTHS =
      new Distribution(
          new int[] {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24},
          new long[] {
            2, 2, 5, 10, 30, 55, 110, 120, 1_350, 800, 1_400, 2_550, 4_300, 4_600, 13_000, 10_300,
            61_366
          });

  /**
   * Prefix lengths of the public IPv6 table, per 100,000 prefixes: roughly its shares in 2024 (half
   * are /48s, then /32, /44, /40, /29, /36, /46).
   */
  static final Distribution IPV6_LENGTHS =
      new Distribution(
          new int[] {
            19, 20, 24, 28, 29, 30, 31, 32, 33, 34, 35, 36, 38, 40, 42, 44, 45, 46, 47, 48
          },
          new long[] {
            20, 30, 120, 1_000, 4_200, 600, 500, 13_500, 1_400, 1_200, 500, 3_200, 1_400, 5_600,
            1_500, 9_100, 1_400, 3_100, 2_100, 49_530
          });

  /**
   * Lengths of AS paths (distinct ASes) in a full table as one transit peer sends it, per 1,000
   * paths: a mean of about 4.4 hops.
   */
  static final Distribution AS_PATH_LENGTHS =
      new Distribution(
          new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
          new long[] {8, 95, 290, 300, 175, 77, 33, 13, 6, 3});
}
