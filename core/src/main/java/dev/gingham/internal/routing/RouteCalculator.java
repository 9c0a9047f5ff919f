package dev.gingham.internal.routing;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteTable;
import dev.gingham.route.RouteType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes a node's desired routes from {@link RoutingInputs}, as Calico's felix and BIRD do
 * between them:
 *
 * <ul>
 *   <li>each local workload address: a {@code /32} or {@code /128} out of its host-side interface,
 *       scope link;
 *   <li>each block affine to this node: a blackhole, so that an unassigned address of it goes
 *       nowhere rather than back out of the default route;
 *   <li>remote blocks: with BGP, the routes BGP chose; without, a route per remote block to its
 *       node, from the datastore;
 *   <li>borrowed addresses: a {@code /32} or {@code /128} to the node that runs the workload, more
 *       specific than its block's route (without BGP; with BGP they come as learned routes);
 *   <li>the way to a remote node follows the destination's pool: VXLAN ({@code via} the node's
 *       VXLAN address {@code dev vxlan.calico onlink}) or IP-in-IP ({@code via} the node {@code dev
 *       tunl0 onlink}) when the pool's mode says so, {@code Always} or {@code CrossSubnet} (only
 *       towards a node outside this node's subnet), and natively ({@code via} the node) otherwise.
 * </ul>
 *
 * <p>When two routes want one key, the first of this order wins, and the loser is reported: local
 * workloads, local blocks, borrowed addresses, remote blocks and learned routes. A route that
 * cannot be made (a node with no address of the family, or no VXLAN address when VXLAN is due) is
 * left out and reported. A pure function; thread-safe.
 */
public final class RouteCalculator {
  private RouteCalculator() {}

  /**
   * The routes, and what was left out.
   *
   * @param table the desired routes
   * @param skipped why each route that could not be made, or lost its key, was left out
   */
  public record Result(RouteTable table, List<String> skipped) {
    public Result {
      skipped = List.copyOf(skipped);
    }
  }

  /** Computes the desired routes. */
  public static Result calculate(RoutingInputs in) {
    Map<RouteKey, Route> routes = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    int protocol = in.protocol();
    for (LocalWorkload w : in.workloads()) {
      for (IpAddress a : w.addresses()) {
        Route r = Route.builder(a.toPrefix()).device(w.interfaceName()).protocol(protocol).build();
        put(routes, r, "workload " + w.name(), skipped);
      }
    }
    for (IpPrefix block : in.localBlocks()) {
      Route r = Route.builder(block).type(RouteType.BLACKHOLE).protocol(protocol).build();
      put(routes, r, "local block " + block, skipped);
    }
    if (in.bgp()) {
      // By address, once: a reflector's client learns a route from every node.
      Map<IpAddress, RemoteNode> byAddress = nodesByAddress(in);
      for (LearnedRoute l : in.learned()) {
        Route r = learned(in, byAddress, l, skipped);
        if (r != null) {
          put(routes, r, "learned route via " + l.nextHop(), skipped);
        }
      }
    } else {
      for (RemoteWorkload w : in.remoteWorkloads()) {
        RemoteNode n = in.remoteNode(w.node());
        if (n == null) {
          skipped.add("borrowed address " + w.address() + ": no node " + w.node());
          continue;
        }
        Route r = toNode(in, w.address().toPrefix(), n, skipped);
        if (r != null) {
          put(routes, r, "borrowed address on " + w.node(), skipped);
        }
      }
      for (RemoteBlock b : in.remoteBlocks()) {
        RemoteNode n = in.remoteNode(b.node());
        if (n == null) {
          skipped.add("remote block " + b.block() + ": no node " + b.node());
          continue;
        }
        Route r = toNode(in, b.block(), n, skipped);
        if (r != null) {
          put(routes, r, "block of " + b.node(), skipped);
        }
      }
    }
    return new Result(RouteTable.of(protocol, routes.values()), skipped);
  }

  /** The route a learned route gives, or null (this node's own block, a node without address). */
  private static @Nullable Route learned(
      RoutingInputs in,
      Map<IpAddress, RemoteNode> byAddress,
      LearnedRoute l,
      List<String> skipped) {
    if (in.localBlocks().contains(l.destination())) {
      skipped.add("learned route to " + l.destination() + ": it is this node's own block");
      return null;
    }
    RemoteNode via = byAddress.get(l.nextHop());
    return via != null
        ? toNode(in, l.destination(), via, skipped)
        : Route.builder(l.destination()).gateway(l.nextHop()).protocol(in.protocol()).build();
  }

  /**
   * What {@link #calculate} gives when only the learned routes of some destinations changed, from
   * what it gave before, at the cost of the change: {@code table} must be the table of {@code in}
   * (whose learned routes have one destination each, as a Loc-RIB's best routes do), and the result
   * is the table of {@code in} with each destination of {@code changed} learned from its new route,
   * or from none when it maps to null. Every other input must be the same.
   *
   * <p>A learned route only ever loses its key to a local workload or block, which come first, so
   * each destination is decided on its own: the route it makes now replaces the one it made, unless
   * a local route holds the key. Keys in {@code kept} (routes put in after the calculation, such as
   * a pending workload's) are left as they are.
   */
  public static RouteTable updateLearned(
      RoutingInputs in,
      RouteTable table,
      Map<IpPrefix, @Nullable LearnedRoute> changed,
      Set<RouteKey> kept) {
    Set<RouteKey> local = new HashSet<>(kept);
    for (LocalWorkload w : in.workloads()) {
      for (IpAddress a : w.addresses()) {
        local.add(
            Route.builder(a.toPrefix())
                .device(w.interfaceName())
                .protocol(in.protocol())
                .build()
                .key());
      }
    }
    for (IpPrefix block : in.localBlocks()) {
      local.add(key(in, block));
    }
    Map<IpAddress, RemoteNode> byAddress = nodesByAddress(in);
    List<String> skipped = new ArrayList<>();
    // A few changes copy the sorted table once each, without comparing keys; many rebuild it once.
    boolean few = changed.size() <= FEW;
    RouteTable out = table;
    Map<RouteKey, Route> many = new LinkedHashMap<>();
    if (!few) {
      table.routes().forEach(r -> many.put(r.key(), r));
    }
    for (Map.Entry<IpPrefix, @Nullable LearnedRoute> c : changed.entrySet()) {
      // A learned route's key is its destination's in the main table, whatever its next hop.
      RouteKey key = key(in, c.getKey());
      if (local.contains(key)) {
        continue;
      }
      LearnedRoute l = c.getValue();
      Route r = l == null ? null : learned(in, byAddress, l, skipped);
      if (few) {
        out = r == null ? out.without(key) : out.with(r);
      } else if (r == null) {
        many.remove(key);
      } else {
        many.put(key, r);
      }
    }
    return few ? out : RouteTable.of(table.protocol(), many.values());
  }

  /** Up to this many changes, {@link #updateLearned} copies the table once per change. */
  private static final int FEW = 4;

  /**
   * The key of a route to a destination in the main table, which every calculated route is in: a
   * learned route's, whatever its next hop, or a block's.
   */
  public static RouteKey key(RoutingInputs in, IpPrefix destination) {
    return Route.builder(destination)
        .type(RouteType.BLACKHOLE)
        .protocol(in.protocol())
        .build()
        .key();
  }

  private static void put(Map<RouteKey, Route> routes, Route r, String why, List<String> skipped) {
    Route winner = routes.putIfAbsent(r.key(), r);
    if (winner != null) {
      skipped.add(why + ": '" + r + "' loses its key to '" + winner + "'");
    }
  }

  /** The route to a destination behind a remote node, encapsulated as its pool says. */
  private static @Nullable Route toNode(
      RoutingInputs in, IpPrefix destination, RemoteNode node, List<String> skipped) {
    IpFamily family = destination.family();
    NodeAddress remote = node.address(family);
    if (remote == null) {
      skipped.add(
          "route to " + destination + ": node " + node.name() + " has no " + family + " address");
      return null;
    }
    NodeAddress local = in.address(family);
    boolean otherSubnet = local == null || !local.subnet().contains(remote.address());
    PoolRouting pool = poolOf(in, destination);
    Route.Builder b = Route.builder(destination).protocol(in.protocol());
    if (pool != null && pool.vxlanMode().encapsulates(otherSubnet)) {
      IpAddress tunnel = node.vxlanTunnel(family);
      if (tunnel == null) {
        skipped.add(
            "route to "
                + destination
                + ": VXLAN is due but node "
                + node.name()
                + " has no VXLAN address");
        return null;
      }
      return b.gateway(tunnel).device(in.vxlanDevice(family)).onLink(true).build();
    }
    if (pool != null && pool.ipipMode().encapsulates(otherSubnet)) {
      return b.gateway(remote.address()).device(in.ipipDevice()).onLink(true).build();
    }
    return b.gateway(remote.address()).build();
  }

  private static @Nullable PoolRouting poolOf(RoutingInputs in, IpPrefix destination) {
    PoolRouting best = null;
    for (PoolRouting p : in.pools()) {
      if (p.cidr().contains(destination)
          && (best == null || p.cidr().length() > best.cidr().length())) {
        best = p;
      }
    }
    return best;
  }

  private static Map<IpAddress, RemoteNode> nodesByAddress(RoutingInputs in) {
    return in.remoteNodesByAddress();
  }
}
