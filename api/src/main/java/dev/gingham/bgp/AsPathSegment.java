package dev.gingham.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One segment of an AS path: an ordered AS_SEQUENCE or an unordered AS_SET of 4-octet AS numbers
 * (RFC 4271 section 4.3, RFC 6793). Immutable and thread-safe.
 */
public final class AsPathSegment {
  /** The kind of a segment, with its wire code. */
  public enum Type {
    /** An unordered set of the ASes a route has traversed (code 1); counts as one hop. */
    AS_SET(1),
    /** The ordered ASes a route has traversed, nearest first (code 2). */
    AS_SEQUENCE(2);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /** The wire code. */
    public int code() {
      return code;
    }
  }

  /** The most AS numbers one segment holds on the wire. */
  public static final int MAX_LENGTH = 255;

  private final Type type;
  private final int[] asns;

  private AsPathSegment(Type type, int[] asns) {
    this.type = type;
    this.asns = asns;
  }

  /**
   * A segment of the given type and AS numbers.
   *
   * @throws IllegalArgumentException if there are no AS numbers or more than 255, or if one is not
   *     in 0..4294967295
   */
  public static AsPathSegment of(Type type, long... asns) {
    if (asns.length == 0 || asns.length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "an AS path segment holds 1 to 255 AS numbers, was " + asns.length);
    }
    int[] packed = new int[asns.length];
    for (int i = 0; i < asns.length; i++) {
      packed[i] = (int) Asns.check(asns[i], "an AS number in a path");
    }
    return new AsPathSegment(type, packed);
  }

  /** A segment over unsigned 32-bit values the caller has checked; the array is kept. */
  static AsPathSegment trusted(Type type, int[] asns) {
    return new AsPathSegment(type, asns);
  }

  /** An AS_SEQUENCE of the given AS numbers. */
  public static AsPathSegment sequence(long... asns) {
    return of(Type.AS_SEQUENCE, asns);
  }

  /** An AS_SET of the given AS numbers. */
  public static AsPathSegment set(long... asns) {
    return of(Type.AS_SET, asns);
  }

  /** The segment's type. */
  public Type type() {
    return type;
  }

  /** The number of AS numbers in the segment. */
  public int size() {
    return asns.length;
  }

  /**
   * The AS number at {@code index}, as an unsigned value.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in 0..size()-1
   */
  public long asn(int index) {
    return Integer.toUnsignedLong(asns[index]);
  }

  /** The AS numbers, in wire order. */
  public List<Long> asns() {
    List<Long> list = new ArrayList<>(asns.length);
    for (int a : asns) {
      list.add(Integer.toUnsignedLong(a));
    }
    return List.copyOf(list);
  }

  /** The segment's contribution to the path length of the decision process: 1 for a set. */
  public int pathLength() {
    return type == Type.AS_SET ? 1 : asns.length;
  }

  int[] raw() {
    return asns;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsPathSegment
        && ((AsPathSegment) o).type == type
        && Arrays.equals(((AsPathSegment) o).asns, asns);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(asns);
  }

  /** {@code 65001 65002} for a sequence, {@code {65003,65004}} for a set. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String sep = type == Type.AS_SET ? "," : " ";
    if (type == Type.AS_SET) {
      sb.append('{');
    }
    for (int i = 0; i < asns.length; i++) {
      if (i > 0) {
        sb.append(sep);
      }
      sb.append(Integer.toUnsignedString(asns[i]));
    }
    if (type == Type.AS_SET) {
      sb.append('}');
    }
    return sb.toString();
  }
}
