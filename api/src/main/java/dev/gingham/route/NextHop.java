package dev.gingham.route;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * One path of a multipath (ECMP) route.
 *
 * @param gateway the next router, or null for a device route
 * @param device the outgoing device, or null to let the kernel choose from the gateway
 * @param weight the path's relative weight, from 1 to 256
 * @param onLink whether the gateway is reachable on the device even outside its subnets
 */
public record NextHop(
    @Nullable IpAddress gateway, @Nullable String device, int weight, boolean onLink) {
  public NextHop {
    if (gateway == null && device == null) {
      throw new IllegalArgumentException("a next hop needs a gateway, a device or both");
    }
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("next-hop weight must be from 1 to 256, was " + weight);
    }
    if (device != null) {
      InterfaceName.requireValid(device);
    }
    if (onLink && device == null) {
      throw new IllegalArgumentException("an on-link next hop needs a device");
    }
  }

  /** A path through a gateway, weight 1. */
  public static NextHop via(IpAddress gateway) {
    return new NextHop(gateway, null, 1, false);
  }

  /** A path through a gateway on a device, weight 1. */
  public static NextHop via(IpAddress gateway, String device) {
    return new NextHop(gateway, device, 1, false);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("nexthop");
    if (gateway != null) {
      s.append(" via ").append(gateway);
    }
    if (device != null) {
      s.append(" dev ").append(device);
    }
    if (weight != 1) {
      s.append(" weight ").append(weight);
    }
    if (onLink) {
      s.append(" onlink");
    }
    return s.toString();
  }
}
