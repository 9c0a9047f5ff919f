package dev.gingham.route;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A kernel route: destination, where it goes (a gateway, a device, both, several next hops, or
 * nowhere), and the attributes Linux keeps with it. Immutable; build one with {@link
 * #builder(IpPrefix)}.
 *
 * <p>Gingham marks the routes it owns with its own protocol number, {@link #PROTOCOL_GINGHAM} (80,
 * as Calico uses), and never touches a route with another. The builder's default protocol is {@link
 * #PROTOCOL_BOOT}, as {@code ip route add} uses, so that only code that means to own a route marks
 * it.
 */
public final class Route {
  /** The main routing table. */
  public static final int TABLE_MAIN = 254;

  /** The local routing table. */
  public static final int TABLE_LOCAL = 255;

  /** Routes installed by the kernel itself. */
  public static final int PROTOCOL_KERNEL = 2;

  /** Routes installed by hand or at boot: what {@code ip route add} writes. */
  public static final int PROTOCOL_BOOT = 3;

  /** Static routes from a routing daemon. */
  public static final int PROTOCOL_STATIC = 4;

  /** BIRD's routes. */
  public static final int PROTOCOL_BIRD = 12;

  /** Gingham's routes, by default. */
  public static final int PROTOCOL_GINGHAM = 80;

  private final IpPrefix destination;
  private final @Nullable IpAddress gateway;
  private final @Nullable String device;
  private final int table;
  private final int metric;
  private final RouteScope scope;
  private final RouteType type;
  private final int mtu;
  private final int protocol;
  private final boolean onLink;
  private final @Nullable IpAddress source;
  private final List<NextHop> nextHops;

  private Route(Builder b) {
    this.destination = b.destination;
    this.gateway = b.gateway;
    this.device = b.device;
    this.table = b.table;
    this.metric = b.metric;
    this.type = b.type;
    this.mtu = b.mtu;
    this.protocol = b.protocol;
    this.onLink = b.onLink;
    this.source = b.source;
    this.nextHops = List.copyOf(b.nextHops);
    this.scope = b.scope != null ? b.scope : defaultScope(b);
  }

  private static RouteScope defaultScope(Builder b) {
    if (b.type == RouteType.LOCAL) {
      return RouteScope.HOST;
    }
    boolean viaGateway =
        b.gateway != null || b.nextHops.stream().anyMatch(n -> n.gateway() != null);
    // As ip(8) does: a unicast route straight out of a device reaches only the link.
    return b.type == RouteType.UNICAST && !viaGateway ? RouteScope.LINK : RouteScope.UNIVERSE;
  }

  /** A builder for a route to this destination. */
  public static Builder builder(IpPrefix destination) {
    return new Builder(destination);
  }

  /** A builder that starts as a copy of this route. */
  public Builder toBuilder() {
    Builder b = new Builder(destination);
    b.gateway = gateway;
    b.device = device;
    b.table = table;
    b.metric = metric;
    b.scope = scope;
    b.type = type;
    b.mtu = mtu;
    b.protocol = protocol;
    b.onLink = onLink;
    b.source = source;
    b.nextHops.addAll(nextHops);
    return b;
  }

  /** The destination. */
  public IpPrefix destination() {
    return destination;
  }

  /** The gateway, or null. */
  public @Nullable IpAddress gateway() {
    return gateway;
  }

  /** The outgoing device, or null. */
  public @Nullable String device() {
    return device;
  }

  /** The routing table, {@link #TABLE_MAIN} by default. */
  public int table() {
    return table;
  }

  /** The metric (the kernel's priority), 0 by default. */
  public int metric() {
    return metric;
  }

  /** The scope. Unless set, {@link RouteScope#LINK} for a device route, else universe. */
  public RouteScope scope() {
    return scope;
  }

  /** The type, {@link RouteType#UNICAST} by default. */
  public RouteType type() {
    return type;
  }

  /** The path MTU to use, or 0 when not set. */
  public int mtu() {
    return mtu;
  }

  /** The route protocol number, which says who installed it. */
  public int protocol() {
    return protocol;
  }

  /** Whether the gateway is reachable on the device even outside its subnets. */
  public boolean onLink() {
    return onLink;
  }

  /** The preferred source address, or null. */
  public @Nullable IpAddress source() {
    return source;
  }

  /** The paths of a multipath route; empty for a single-path route. */
  public List<NextHop> nextHops() {
    return nextHops;
  }

  /** What makes this route unique in the kernel. */
  public RouteKey key() {
    return new RouteKey(table, destination, metric);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Route r
        && destination.equals(r.destination)
        && Objects.equals(gateway, r.gateway)
        && Objects.equals(device, r.device)
        && table == r.table
        && metric == r.metric
        && scope == r.scope
        && type == r.type
        && mtu == r.mtu
        && protocol == r.protocol
        && onLink == r.onLink
        && Objects.equals(source, r.source)
        && nextHops.equals(r.nextHops);
  }

  @Override
  public int hashCode() {
    return Objects.hash(destination, gateway, device, table, metric, type, protocol, nextHops);
  }

  /** The route in {@code ip route} style, for messages and logs. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (type != RouteType.UNICAST) {
      s.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
    }
    s.append(destination);
    if (gateway != null) {
      s.append(" via ").append(gateway);
    }
    if (device != null) {
      s.append(" dev ").append(device);
    }
    if (table != TABLE_MAIN) {
      s.append(" table ").append(table);
    }
    s.append(" proto ").append(protocol);
    if (scope != RouteScope.UNIVERSE) {
      s.append(" scope ").append(scope.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (metric != 0) {
      s.append(" metric ").append(metric);
    }
    if (source != null) {
      s.append(" src ").append(source);
    }
    if (mtu != 0) {
      s.append(" mtu ").append(mtu);
    }
    if (onLink) {
      s.append(" onlink");
    }
    for (NextHop hop : nextHops) {
      s.append(' ').append(hop);
    }
    return s.toString();
  }

  /** Builds a {@link Route}. Not thread-safe. */
  public static final class Builder {
    private final IpPrefix destination;
    private @Nullable IpAddress gateway;
    private @Nullable String device;
    private int table = TABLE_MAIN;
    private int metric;
    private @Nullable RouteScope scope;
    private RouteType type = RouteType.UNICAST;
    private int mtu;
    private int protocol = PROTOCOL_BOOT;
    private boolean onLink;
    private @Nullable IpAddress source;
    private final List<NextHop> nextHops = new ArrayList<>();

    private Builder(IpPrefix destination) {
      this.destination = Objects.requireNonNull(destination, "destination");
    }

    /** Sets the gateway, or clears it with null. */
    public Builder gateway(@Nullable IpAddress gateway) {
      this.gateway = gateway;
      return this;
    }

    /** Sets the device, or clears it with null. */
    public Builder device(@Nullable String device) {
      this.device = device;
      return this;
    }

    /** Sets the table: a positive number. */
    public Builder table(int table) {
      this.table = table;
      return this;
    }

    /** Sets the metric: zero or more. */
    public Builder metric(int metric) {
      this.metric = metric;
      return this;
    }

    /** Sets the scope; unset, it follows from the type and the gateway. */
    public Builder scope(RouteScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** Sets the type. */
    public Builder type(RouteType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** Sets the path MTU, 0 for none, else from 68 to 65535. */
    public Builder mtu(int mtu) {
      this.mtu = mtu;
      return this;
    }

    /** Sets the route protocol, from 0 to 255. */
    public Builder protocol(int protocol) {
      this.protocol = protocol;
      return this;
    }

    /** Marks the gateway as reachable on the device even outside its subnets. */
    public Builder onLink(boolean onLink) {
      this.onLink = onLink;
      return this;
    }

    /** Sets the preferred source address, or clears it with null. */
    public Builder source(@Nullable IpAddress source) {
      this.source = source;
      return this;
    }

    /** Adds a path, making this a multipath route. */
    public Builder nextHop(NextHop hop) {
      nextHops.add(Objects.requireNonNull(hop, "hop"));
      return this;
    }

    /**
     * Builds the route.
     *
     * @throws IllegalArgumentException if the route is inconsistent; the message names the route
     *     and the rule it breaks
     */
    public Route build() {
      if (device != null) {
        InterfaceName.requireValid(device);
      }
      require(table > 0, "table must be positive, was " + table);
      require(metric >= 0, "metric must be >= 0, was " + metric);
      require(mtu == 0 || (mtu >= 68 && mtu <= 65535), "mtu must be 0 or 68..65535, was " + mtu);
      require(protocol >= 0 && protocol <= 255, "protocol must be 0..255, was " + protocol);
      requireFamily(gateway, "gateway");
      requireFamily(source, "source");
      for (NextHop hop : nextHops) {
        requireFamily(hop.gateway(), "next-hop gateway");
      }
      if (!nextHops.isEmpty()) {
        require(
            gateway == null && device == null && !onLink,
            "a multipath route carries its gateways and devices in its next hops");
        require(nextHops.size() >= 2, "a multipath route needs at least two next hops");
      }
      if (type.rejects()) {
        require(
            gateway == null && device == null && nextHops.isEmpty(),
            "a " + type + " route takes no gateway, device or next hop");
      } else if (type.forwards()) {
        require(
            gateway != null || device != null || !nextHops.isEmpty(),
            "a " + type + " route needs a gateway, a device or next hops");
      }
      require(
          !onLink || (gateway != null && device != null), "onlink needs a gateway and a device");
      return new Route(this);
    }

    private void requireFamily(@Nullable IpAddress address, String what) {
      require(
          address == null || address.family() == destination.family(),
          what + " " + address + " is not of the destination's family");
    }

    private void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("route to " + destination + ": " + message);
      }
    }
  }
}
