package dev.gingham.bgp;

import dev.gingham.net.IpFamily;
import java.util.Optional;

/**
 * The address families (AFI/SAFI pairs of RFC 4760) that this speaker carries. Capabilities are
 * negotiated per family, so that later families (and ADD-PATH, per family) slot in here.
 */
public enum AddressFamily {
  /** IPv4 unicast: AFI 1, SAFI 1. */
  IPV4_UNICAST(1, 1, IpFamily.IPV4),
  /** IPv6 unicast: AFI 2, SAFI 1. */
  IPV6_UNICAST(2, 1, IpFamily.IPV6);

  private final int afi;
  private final int safi;
  private final IpFamily ipFamily;

  AddressFamily(int afi, int safi, IpFamily ipFamily) {
    this.afi = afi;
    this.safi = safi;
    this.ipFamily = ipFamily;
  }

  /** The Address Family Identifier. */
  public int afi() {
    return afi;
  }

  /** The Subsequent Address Family Identifier. */
  public int safi() {
    return safi;
  }

  /** The IP family of this family's prefixes. */
  public IpFamily ipFamily() {
    return ipFamily;
  }

  /** The family with this AFI and SAFI, if this speaker knows it. */
  public static Optional<AddressFamily> of(int afi, int safi) {
    for (AddressFamily f : values()) {
      if (f.afi == afi && f.safi == safi) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The unicast family of an IP family. */
  public static AddressFamily unicast(IpFamily family) {
    return family == IpFamily.IPV4 ? IPV4_UNICAST : IPV6_UNICAST;
  }
}
