package dev.gingham.route;

/** What a route does with a packet: Linux's route types, with their kernel numbers. */
public enum RouteType {
  /** Forward to a gateway or out of a device. */
  UNICAST(1),
  /** Deliver locally: the address is this host's. */
  LOCAL(2),
  /** Broadcast on the link. */
  BROADCAST(3),
  /** Deliver locally as anycast. */
  ANYCAST(4),
  /** Multicast routing. */
  MULTICAST(5),
  /** Drop silently. Gingham blackholes each block affine to its node. */
  BLACKHOLE(6),
  /** Drop and answer ICMP unreachable. */
  UNREACHABLE(7),
  /** Drop and answer ICMP administratively prohibited. */
  PROHIBIT(8),
  /** Stop the lookup in this table and go on with the next rule. */
  THROW(9);

  private final int kernelValue;

  RouteType(int kernelValue) {
    this.kernelValue = kernelValue;
  }

  /** The {@code RTN_*} number. */
  public int kernelValue() {
    return kernelValue;
  }

  /** Whether the route forwards somewhere, and so needs a gateway, a device or next hops. */
  public boolean forwards() {
    return this == UNICAST || this == MULTICAST;
  }

  /** Whether the route drops every packet, and so takes no gateway and no device. */
  public boolean rejects() {
    return this == BLACKHOLE || this == UNREACHABLE || this == PROHIBIT || this == THROW;
  }

  /**
   * The type with this {@code RTN_*} number.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static RouteType ofKernelValue(int value) {
    for (RouteType t : values()) {
      if (t.kernelValue == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown route type number " + value);
  }
}
