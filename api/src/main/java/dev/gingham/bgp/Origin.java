package dev.gingham.bgp;

/** The ORIGIN path attribute (RFC 4271 section 5.1.1), in order of preference. */
public enum Origin {
  /** Learned from an interior protocol: code 0, the most preferred. */
  IGP,
  /** Learned with EGP: code 1. */
  EGP,
  /** Learned some other way: code 2, the least preferred. */
  INCOMPLETE;

  /** The wire code, 0 to 2. */
  public int code() {
    return ordinal();
  }

  /**
   * The origin with the given wire code.
   *
   * @throws IllegalArgumentException if the code is not 0, 1 or 2
   */
  public static Origin ofCode(int code) {
    if (code < 0 || code > 2) {
      throw new IllegalArgumentException(
          "ORIGIN must be 0 (IGP), 1 (EGP) or 2 (INCOMPLETE), was " + code);
    }
    return values()[code];
  }
}
