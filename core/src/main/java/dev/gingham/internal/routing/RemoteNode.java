package dev.gingham.internal.routing;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Another node, as routing to it needs it.
 *
 * @param name its name
 * @param addresses its underlay addresses, at most one per family
 * @param vxlanTunnelV4 the IPv4 address of its VXLAN device, or null
 * @param vxlanTunnelV6 the IPv6 address of its VXLAN device, or null
 */
public record RemoteNode(
    String name,
    List<NodeAddress> addresses,
    @Nullable IpAddress vxlanTunnelV4,
    @Nullable IpAddress vxlanTunnelV6) {
  public RemoteNode {
    Objects.requireNonNull(name, "name");
    addresses = List.copyOf(addresses);
    if (addresses.stream().map(a -> a.address().family()).distinct().count() < addresses.size()) {
      throw new IllegalArgumentException("node " + name + " has two addresses of one family");
    }
  }

  /** A node with one address and no VXLAN device. */
  public static RemoteNode of(String name, NodeAddress address) {
    return new RemoteNode(name, List.of(address), null, null);
  }

  /** Its address of a family, or null. */
  public @Nullable NodeAddress address(IpFamily family) {
    for (NodeAddress a : addresses) {
      if (a.address().family() == family) {
        return a;
      }
    }
    return null;
  }

  /** Its VXLAN device's address of a family, or null. */
  public @Nullable IpAddress vxlanTunnel(IpFamily family) {
    return family == IpFamily.IPV4 ? vxlanTunnelV4 : vxlanTunnelV6;
  }
}
