package dev.gingham.spi.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.MacAddress;
import org.jspecify.annotations.Nullable;

/**
 * A veth pair to create: one end where {@link Links#createVeth} is called, the other, the peer,
 * directly in another namespace, as Calico wires a workload.
 *
 * @param name this end's name
 * @param mac this end's address, or null for a random one
 * @param peerName the peer's name
 * @param peerNamespace where the peer is created
 * @param peerMac the peer's address, or null for a random one
 * @param mtu both ends' MTU, or 0 for the kernel default
 */
public record VethSpec(
    String name,
    @Nullable MacAddress mac,
    String peerName,
    NetworkNamespace peerNamespace,
    @Nullable MacAddress peerMac,
    int mtu) {
  public VethSpec {
    InterfaceName.requireValid(name);
    InterfaceName.requireValid(peerName);
    if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
      throw new IllegalArgumentException(
          "veth " + name + ": mtu must be 0 or 68..65535, was " + mtu);
    }
  }
}
