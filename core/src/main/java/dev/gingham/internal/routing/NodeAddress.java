package dev.gingham.internal.routing;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;

/**
 * A node's underlay address with the subnet it sits on, as Calico's Node resource gives it ({@code
 * 192.168.0.11/24}): the subnet decides what CrossSubnet means.
 *
 * @param address the address
 * @param subnet its subnet, which holds it
 */
public record NodeAddress(IpAddress address, IpPrefix subnet) {
  public NodeAddress {
    if (!subnet.contains(address)) {
      throw new IllegalArgumentException(
          "node address " + address + " is not inside its subnet " + subnet);
    }
  }

  /** Parses {@code 192.168.0.11/24}. */
  public static NodeAddress parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("node address '" + text + "' needs a /length");
    }
    IpAddress address = IpAddress.parse(text.substring(0, slash));
    return new NodeAddress(address, IpPrefix.parseMasking(text));
  }
}
