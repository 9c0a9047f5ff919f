package dev.gingham.bgp;

import java.util.Objects;

/**
 * A large community (RFC 8092): three unsigned 32-bit numbers, written {@code
 * global:local1:local2}. Immutable and thread-safe.
 */
public final class LargeCommunity implements Comparable<LargeCommunity> {
  private final int global;
  private final int local1;
  private final int local2;

  private LargeCommunity(int global, int local1, int local2) {
    this.global = global;
    this.local1 = local1;
    this.local2 = local2;
  }

  /**
   * The large community {@code global:local1:local2}.
   *
   * @throws IllegalArgumentException if a part is not in 0..4294967295
   */
  public static LargeCommunity of(long global, long local1, long local2) {
    return new LargeCommunity(
        (int) Asns.check(global, "a large community's global administrator"),
        (int) Asns.check(local1, "a large community's first local part"),
        (int) Asns.check(local2, "a large community's second local part"));
  }

  /** The large community with these raw 32-bit parts. */
  public static LargeCommunity ofBits(int global, int local1, int local2) {
    return new LargeCommunity(global, local1, local2);
  }

  /**
   * Parses {@code global:local1:local2}.
   *
   * @throws IllegalArgumentException quoting the text if it is not a large community
   */
  public static LargeCommunity parse(String text) {
    Objects.requireNonNull(text, "text");
    long[] p = Numbers.parseColonSeparated(text, 3, Asns.MAX, "large community");
    return of(p[0], p[1], p[2]);
  }

  /** The global administrator, an AS number. */
  public long global() {
    return Integer.toUnsignedLong(global);
  }

  /** The first local part. */
  public long local1() {
    return Integer.toUnsignedLong(local1);
  }

  /** The second local part. */
  public long local2() {
    return Integer.toUnsignedLong(local2);
  }

  @Override
  public int compareTo(LargeCommunity o) {
    int c = Integer.compareUnsigned(global, o.global);
    if (c == 0) {
      c = Integer.compareUnsigned(local1, o.local1);
    }
    return c != 0 ? c : Integer.compareUnsigned(local2, o.local2);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LargeCommunity)) {
      return false;
    }
    LargeCommunity l = (LargeCommunity) o;
    return l.global == global && l.local1 == local1 && l.local2 == local2;
  }

  @Override
  public int hashCode() {
    return (global * 31 + local1) * 31 + local2;
  }

  /** {@code global:local1:local2}. */
  @Override
  public String toString() {
    return global() + ":" + local1() + ":" + local2();
  }
}
