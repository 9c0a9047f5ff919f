package dev.gingham.internal.routing;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.util.Objects;

/**
 * What routing needs of an IP pool: its CIDR and its encapsulation.
 *
 * @param cidr the pool
 * @param ipipMode when to use IP-in-IP (IPv4 pools only)
 * @param vxlanMode when to use VXLAN
 */
public record PoolRouting(IpPrefix cidr, EncapMode ipipMode, EncapMode vxlanMode) {
  public PoolRouting {
    Objects.requireNonNull(cidr, "cidr");
    Objects.requireNonNull(ipipMode, "ipipMode");
    Objects.requireNonNull(vxlanMode, "vxlanMode");
    if (ipipMode != EncapMode.NEVER && vxlanMode != EncapMode.NEVER) {
      throw new IllegalArgumentException(
          "pool "
              + cidr
              + ": ipipMode "
              + ipipMode
              + " and vxlanMode "
              + vxlanMode
              + " cannot both be on");
    }
    if (ipipMode != EncapMode.NEVER && cidr.family() == IpFamily.IPV6) {
      throw new IllegalArgumentException("pool " + cidr + ": IP-in-IP carries IPv4 only");
    }
  }

  /** A pool routed natively. */
  public static PoolRouting plain(IpPrefix cidr) {
    return new PoolRouting(cidr, EncapMode.NEVER, EncapMode.NEVER);
  }
}
