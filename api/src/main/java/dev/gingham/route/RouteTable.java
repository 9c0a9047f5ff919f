package dev.gingham.route;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The routes a node should have: its desired state, all owned by one route protocol ({@link
 * Route#PROTOCOL_GINGHAM}, 80, unless configured otherwise). A reconciler makes the dataplane hold
 * exactly these among the routes of that protocol, and never touches a route of another.
 *
 * <p>At most one route per {@link RouteKey} (table, destination, metric), as the kernel allows.
 * Immutable and thread-safe; {@link #with} and {@link #without} return new tables.
 */
public final class RouteTable {
  private final int protocol;
  private final SortedMap<RouteKey, Route> routes;

  private RouteTable(int protocol, SortedMap<RouteKey, Route> routes) {
    this.protocol = protocol;
    this.routes = Collections.unmodifiableSortedMap(routes);
  }

  /**
   * An empty table of a protocol.
   *
   * @throws IllegalArgumentException if the protocol is not 0..255
   */
  public static RouteTable empty(int protocol) {
    requireProtocol(protocol);
    return new RouteTable(protocol, new TreeMap<>());
  }

  /**
   * A table of these routes.
   *
   * @throws IllegalArgumentException if a route has another protocol, or two share a key; the
   *     message names the routes
   */
  public static RouteTable of(int protocol, Collection<Route> routes) {
    requireProtocol(protocol);
    TreeMap<RouteKey, Route> map = new TreeMap<>();
    for (Route r : routes) {
      Objects.requireNonNull(r, "route");
      requireOwned(protocol, r);
      Route clash = map.putIfAbsent(r.key(), r);
      if (clash != null) {
        throw new IllegalArgumentException(
            "routes '" + clash + "' and '" + r + "' share the key " + r.key());
      }
    }
    return new RouteTable(protocol, map);
  }

  private static void requireProtocol(int protocol) {
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("route protocol must be 0..255, was " + protocol);
    }
  }

  private static void requireOwned(int protocol, Route r) {
    if (r.protocol() != protocol) {
      throw new IllegalArgumentException(
          "route '" + r + "' has protocol " + r.protocol() + ", not this table's " + protocol);
    }
  }

  /** The protocol every route of the table carries. */
  public int protocol() {
    return protocol;
  }

  /** The routes, in key order. */
  public Collection<Route> routes() {
    return routes.values();
  }

  /** The route with this key, if any. */
  public Optional<Route> get(RouteKey key) {
    return Optional.ofNullable(routes.get(key));
  }

  /** The number of routes. */
  public int size() {
    return routes.size();
  }

  /**
   * This table with the route added, replacing the one with its key.
   *
   * @throws IllegalArgumentException if the route has another protocol
   */
  public RouteTable with(Route route) {
    requireOwned(protocol, route);
    TreeMap<RouteKey, Route> map = new TreeMap<>(routes);
    map.put(route.key(), route);
    return new RouteTable(protocol, map);
  }

  /** This table without the route of this key. */
  public RouteTable without(RouteKey key) {
    if (!routes.containsKey(key)) {
      return this;
    }
    TreeMap<RouteKey, Route> map = new TreeMap<>(routes);
    map.remove(key);
    return new RouteTable(protocol, map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouteTable t && protocol == t.protocol && routes.equals(t.routes);
  }

  @Override
  public int hashCode() {
    return 31 * protocol + routes.hashCode();
  }

  @Override
  public String toString() {
    return "RouteTable(protocol " + protocol + ", " + routes.size() + " routes)";
  }
}
