package dev.gingham.bgp;

/** Checks on autonomous system numbers, which are unsigned 32-bit values (RFC 6793). */
final class Asns {
  /** The largest 4-octet AS number. */
  static final long MAX = 0xFFFF_FFFFL;

  private Asns() {}

  /**
   * Returns {@code asn} if it is in 0..4294967295.
   *
   * @throws IllegalArgumentException naming {@code what} and the value otherwise
   */
  static long check(long asn, String what) {
    if (asn < 0 || asn > MAX) {
      throw new IllegalArgumentException(what + " must be in 0..4294967295, was " + asn);
    }
    return asn;
  }

  /**
   * Parses a decimal AS number, or the {@code asdot} form {@code high.low} of RFC 5396.
   *
   * @throws IllegalArgumentException quoting the text if it is not an AS number
   */
  static long parse(String text) {
    int dot = text.indexOf('.');
    try {
      if (dot < 0) {
        return check(parseDigits(text), "an AS number");
      }
      long high = parseDigits(text.substring(0, dot));
      long low = parseDigits(text.substring(dot + 1));
      if (high > 0xFFFF || low > 0xFFFF) {
        throw new NumberFormatException();
      }
      return high << 16 | low;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not an AS number: '" + text + "' (expected 0..4294967295 or asdot high.low)", e);
    }
  }

  private static long parseDigits(String s) {
    if (s.isEmpty() || s.length() > 10) {
      throw new NumberFormatException();
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        throw new NumberFormatException();
      }
    }
    long v = Long.parseLong(s);
    if (v > MAX) {
      throw new NumberFormatException();
    }
    return v;
  }
}
