package dev.gingham.route;

import dev.gingham.net.IpPrefix;

/**
 * What makes a route unique in the kernel: its table, destination and metric. Two routes with the
 * same key cannot both be installed; one replaces the other.
 *
 * @param table the routing table
 * @param destination the destination prefix
 * @param metric the metric (the kernel's priority)
 */
public record RouteKey(int table, IpPrefix destination, int metric)
    implements Comparable<RouteKey> {
  @Override
  public int compareTo(RouteKey o) {
    int c = Integer.compare(table, o.table);
    if (c == 0) {
      c = destination.compareTo(o.destination);
    }
    return c != 0 ? c : Integer.compare(metric, o.metric);
  }
}
