package dev.gingham.core;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import java.util.List;

/**
 * A pod's interface as Calico wires it: a veth whose host end ({@code hostEnd}, in the node's
 * namespace) routes to the pod and whose other end ({@code podEnd}, in the pod's namespace) holds
 * the pod's addresses as /32 and /128. Immutable.
 *
 * @param hostEnd the host end's name, such as {@code gg1a2b3c4d5e6}
 * @param podEnd the pod end's name, such as {@code eth0}
 * @param addresses the pod's addresses, at most one of each family
 * @param mtu both ends' MTU, or 0 for the kernel's default
 */
public record PodInterface(String hostEnd, String podEnd, List<IpAddress> addresses, int mtu) {
  /**
   * @throws IllegalArgumentException naming a bad interface name, a second address of one family,
   *     or an MTU outside 68..65535
   */
  public PodInterface {
    InterfaceName.requireValid(hostEnd);
    InterfaceName.requireValid(podEnd);
    addresses = List.copyOf(addresses);
    if (addresses.stream().map(IpAddress::family).distinct().count() != addresses.size()) {
      throw new IllegalArgumentException(
          "pod interface " + podEnd + ": at most one address per family, was " + addresses);
    }
    if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
      throw new IllegalArgumentException(
          "pod interface " + podEnd + ": mtu must be 0 or 68..65535, was " + mtu);
    }
  }

  /** An interface with the kernel's default MTU. */
  public static PodInterface of(String hostEnd, String podEnd, List<IpAddress> addresses) {
    return new PodInterface(hostEnd, podEnd, addresses, 0);
  }
}
