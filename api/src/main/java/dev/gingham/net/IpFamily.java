package dev.gingham.net;

/** An IP version, with the sizes and constants that go with it. */
public enum IpFamily {
  IPV4(32, 2),
  IPV6(128, 10);

  private final int bits;
  private final int addressFamily;

  IpFamily(int bits, int addressFamily) {
    this.bits = bits;
    this.addressFamily = addressFamily;
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
