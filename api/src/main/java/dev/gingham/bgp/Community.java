package dev.gingham.bgp;

import java.util.Objects;

/**
 * A standard community (RFC 1997): 32 bits, written {@code asn:value} with two 16-bit halves.
 * Immutable and thread-safe.
 */
public final class Community implements Comparable<Community> {
  /** NO_EXPORT (0xFFFFFF01): not advertised outside the confederation. */
  public static final Community NO_EXPORT = new Community(0xFFFFFF01);

  /** NO_ADVERTISE (0xFFFFFF02): not advertised to any peer. */
  public static final Community NO_ADVERTISE = new Community(0xFFFFFF02);

  /** NO_EXPORT_SUBCONFED (0xFFFFFF03): not advertised to eBGP peers. */
  public static final Community NO_EXPORT_SUBCONFED = new Community(0xFFFFFF03);

  // A table's communities are a few thousand values shared by a million routes: of() hands out
  // shared instances from this direct-mapped cache, so that equal communities mostly are one
  // object. Racy on purpose: instances are immutable, and a lost write only costs a duplicate.
  private static final Community[] CACHE = new Community[1 << 12];

  private final int value;

  private Community(int value) {
    this.value = value;
  }

  /** The community with these 32 bits; equal values may give the same instance. */
  public static Community of(int value) {
    int slot = (value * 0x9E3779B9) >>> 20;
    Community c = CACHE[slot];
    if (c == null || c.value != value) {
      c = new Community(value);
      CACHE[slot] = c;
    }
    return c;
  }

  /**
   * The community {@code high:low}.
   *
   * @throws IllegalArgumentException if a half is not in 0..65535
   */
  public static Community of(int high, int low) {
    if (high < 0 || high > 0xFFFF || low < 0 || low > 0xFFFF) {
      throw new IllegalArgumentException(
          "a community's halves must be in 0..65535, was " + high + ":" + low);
    }
    return of(high << 16 | low);
  }

  /**
   * Parses {@code high:low}, two decimal numbers in 0..65535.
   *
   * @throws IllegalArgumentException quoting the text if it is not a community
   */
  public static Community parse(String text) {
    Objects.requireNonNull(text, "text");
    long[] parts = Numbers.parseColonSeparated(text, 2, 0xFFFF, "community");
    return of((int) (parts[0] << 16 | parts[1]));
  }

  /** The 32 bits. */
  public int value() {
    return value;
  }

  /** The high half, conventionally an AS number. */
  public int high() {
    return value >>> 16;
  }

  /** The low half. */
  public int low() {
    return value & 0xFFFF;
  }

  @Override
  public int compareTo(Community o) {
    return Integer.compareUnsigned(value, o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Community && ((Community) o).value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  /** {@code high:low}. */
  @Override
  public String toString() {
    return high() + ":" + low();
  }
}
