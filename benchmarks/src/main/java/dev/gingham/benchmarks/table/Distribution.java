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
   * Lengths of AS paths (distinct ASes) in a full table as one transit peer sends it, per 1,000
   * paths: a mean of about 4.4 hops.
   */
  static final Distribution AS_PATH_LENGTHS =
      new Distribution(
          new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
          new long[] {8, 95, 290, 300, 175, 77, 33, 13, 6, 3});
}
