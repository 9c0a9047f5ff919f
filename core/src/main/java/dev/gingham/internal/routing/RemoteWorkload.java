package dev.gingham.internal.routing;

import dev.gingham.net.IpAddress;
import java.util.Objects;

/**
 * A borrowed address: a workload's address on another node, taken from a block that is not that
 * node's. It needs a route of its own, more specific than its block's, which goes elsewhere.
 *
 * @param address the address
 * @param node the node the workload runs on
 */
public record RemoteWorkload(IpAddress address, String node) {
  public RemoteWorkload {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(node, "node");
  }
}
