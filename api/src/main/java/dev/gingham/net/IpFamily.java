package dev.gingham.net;

/**
 * An IP version, with the sizes and constants that go with it.
 *
 * <p>Thread-safe, like every enum.
 */
public enum IpFamily {
  IPV4(32, 2),
  IPV6(128, 10);

  private final int bits;
  private final int addressFamily;

  IpFamily(int bits, int addressFamily) {
    this.bits = bits;
    this.addressFamily = addressFamily;
  }

  /**
   * The family with the given Linux address family number.
   *
   * @param addressFamily {@code AF_INET} (2) or {@code AF_INET6} (10)
   * @throws IllegalArgumentException for any other number
   */
  public static IpFamily of(int addressFamily) {
    if (addressFamily == IPV4.addressFamily) {
      return IPV4;
    }
    if (addressFamily == IPV6.addressFamily) {
      return IPV6;
    }
    throw new IllegalArgumentException(
        "address family must be 2 (AF_INET) or 10 (AF_INET6), was " + addressFamily);
  }

  /** The address width in bits: 32 or 128. */
  public int bits() {
    return bits;
  }

  /** The address width in bytes: 4 or 16. */
  public int bytes() {
    return bits / 8;
  }

  /** The Linux address family number: {@code AF_INET} (2) or {@code AF_INET6} (10). */
  public int addressFamily() {
    return addressFamily;
  }
}
