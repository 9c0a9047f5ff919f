package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.MacAddress;
import org.jspecify.annotations.Nullable;

/**
 * A VXLAN device to create, as Calico's {@code vxlan.calico}: learning off, remote VTEPs programmed
 * as forwarding and neighbour entries rather than flooded.
 *
 * @param name the device name
 * @param vni the VXLAN network identifier, 1 to 16777215 (Calico uses 4096)
 * @param port the UDP destination port (Calico uses 4789)
 * @param local the local VTEP address
 * @param parent the underlay device to send from, or null
 * @param mac the device's address, or null for a random one
 * @param mtu the MTU, or 0 for the kernel default
 */
public record VxlanSpec(
    String name,
    int vni,
    int port,
    IpAddress local,
    @Nullable String parent,
    @Nullable MacAddress mac,
    int mtu) {
  public VxlanSpec {
    InterfaceName.requireValid(name);
    if (parent != null) {
      InterfaceName.requireValid(parent);
    }
    if (vni < 1 || vni > 0xFF_FFFF) {
      throw new IllegalArgumentException("vxlan " + name + ": vni must be 1..16777215, was " + vni);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("vxlan " + name + ": port must be 1..65535, was " + port);
    }
    if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
      throw new IllegalArgumentException(
          "vxlan " + name + ": mtu must be 0 or 68..65535, was " + mtu);
    }
  }
}
