package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpFamily;
import dev.gingham.net.Ipv4Address;
import org.jspecify.annotations.Nullable;

/**
 * An IP-in-IP tunnel device to create. With no remote it is a {@code tunl0}-style device that
 * reaches any peer, the remote chosen per route.
 *
 * @param name the device name
 * @param local the local underlay address, or null for any
 * @param remote the fixed remote, or null for any
 * @param mtu the MTU, or 0 for the kernel default
 */
public record IpipSpec(
    String name, @Nullable Ipv4Address local, @Nullable Ipv4Address remote, int mtu) {
  public IpipSpec {
    InterfaceName.requireValid(name);
    if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
      throw new IllegalArgumentException(
          "ipip " + name + ": mtu must be 0 or 68..65535, was " + mtu);
    }
  }

  /** IPIP carries IPv4 only. */
  public IpFamily family() {
    return IpFamily.IPV4;
  }
}
