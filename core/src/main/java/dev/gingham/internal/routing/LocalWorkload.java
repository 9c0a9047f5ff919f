package dev.gingham.internal.routing;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * A workload on this node: its addresses and the host side of its veth.
 *
 * @param name the workload endpoint's name, for messages
 * @param interfaceName the host-side interface, such as {@code cali1234abcd}
 * @param addresses its addresses
 */
public record LocalWorkload(String name, String interfaceName, List<IpAddress> addresses) {
  public LocalWorkload {
    Objects.requireNonNull(name, "name");
    InterfaceName.requireValid(interfaceName);
    addresses = List.copyOf(addresses);
  }
}
