package dev.gingham.internal.routing;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;

/**
 * A route the BGP speaker chose: a destination and its next hop.
 *
 * @param destination the destination
 * @param nextHop the next hop, of the destination's family
 */
public record LearnedRoute(IpPrefix destination, IpAddress nextHop) {
  public LearnedRoute {
    if (destination.family() != nextHop.family()) {
      throw new IllegalArgumentException(
          "learned route to " + destination + ": next hop " + nextHop + " is of another family");
    }
  }
}
