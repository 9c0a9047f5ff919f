package dev.gingham.internal.workload;

import dev.gingham.core.PodInterface;
import dev.gingham.core.WiredPod;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
import dev.gingham.net.MacAddress;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.ObjectExistsException;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires, unwires and checks pods as Calico does, over any dataplane. Every step of {@link #wire}
 * pushes its undo; a failure runs them in reverse, so that a failed wiring leaves nothing.
 * Stateless and thread-safe.
 */
public final class PodWiringEngine {
  /** The pods' IPv4 gateway, answered by proxy ARP on each host end. */
  public static final IpAddress GATEWAY_V4 = IpAddress.parse("169.254.1.1");

  /** Calico's host-end hardware address. */
  public static final MacAddress HOST_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");

  /** The host end's IPv6 link-local address, derived from {@link #HOST_MAC} (EUI-64). */
  public static final IpAddress GATEWAY_V6 = IpAddress.parse("fe80::ecee:eeff:feee:eeee");

  private static final Logger LOG = LoggerFactory.getLogger(PodWiringEngine.class);
  private static final IpPrefix DEFAULT_V4 = IpPrefix.parse("0.0.0.0/0");
  private static final IpPrefix DEFAULT_V6 = IpPrefix.parse("::/0");

  private PodWiringEngine() {}

  /** Wires a pod; see {@code PodNetworks.wire}. */
  public static WiredPod wire(
      Dataplane dp, NetworkNamespace node, NetworkNamespace pod, PodInterface spec) {
    Deque<Runnable> undo = new ArrayDeque<>();
    try {
      String host = spec.hostEnd();
      String eth = spec.podEnd();
      dp.links().createVeth(node, new VethSpec(host, HOST_MAC, eth, pod, null, spec.mtu()));
      undo.push(() -> dp.links().delete(node, host));
      boolean v6 = spec.addresses().stream().anyMatch(a -> a.family() == IpFamily.IPV6);
      dp.sysctls().set(node, Sysctl.proxyArp(host), "1");
      dp.sysctls().set(node, Sysctl.proxyDelay(host), "0");
      dp.sysctls().set(node, Sysctl.forwarding(IpFamily.IPV4, host), "1");
      if (v6) {
        // IPv6 forwards by the node-wide switch only; the per-device one sets router behaviour.
        dp.sysctls().set(node, Sysctl.forwarding(IpFamily.IPV6), "1");
        dp.sysctls().set(node, Sysctl.forwarding(IpFamily.IPV6, host), "1");
        dp.sysctls().set(node, Sysctl.acceptRa(host), "0");
        // The pod's address is usable at once: no duplicate detection on a point-to-point link.
        dp.sysctls().set(pod, Sysctl.acceptDad(eth), "0");
      }
      dp.links().setUp(node, host, true);
      for (IpAddress a : spec.addresses()) {
        dp.addresses().add(pod, InterfaceAddress.host(eth, a));
      }
      dp.links().setUp(pod, eth, true);
      for (Route r : podRoutes(spec)) {
        dp.routes().add(pod, r);
      }
      for (Route r : hostRoutes(spec)) {
        addHostRoute(dp, node, r);
        undo.push(() -> dp.routes().delete(node, r));
      }
      MacAddress mac =
          dp.links()
              .get(pod, eth)
              .map(Link::mac)
              .orElseThrow(() -> new IllegalStateException("pod end " + eth + " has no address"));
      return new WiredPod(spec, mac);
    } catch (RuntimeException e) {
      while (!undo.isEmpty()) {
        try {
          undo.pop().run();
        } catch (RuntimeException u) {
          e.addSuppressed(u);
        }
      }
      throw e;
    }
  }

  /**
   * Adds a pod's host route. A blackhole of Gingham's protocol at its key is the node agent's route
   * for the pod's block, which with a /32 block is the pod's address itself: the plugin owns the
   * pod's route, so it replaces that blackhole. Anything else at the key fails as the add did.
   */
  private static void addHostRoute(Dataplane dp, NetworkNamespace node, Route r) {
    try {
      dp.routes().add(node, r);
    } catch (ObjectExistsException e) {
      boolean blockBlackhole =
          dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM)).stream()
              .anyMatch(x -> x.key().equals(r.key()) && x.type() == RouteType.BLACKHOLE);
      if (!blockBlackhole) {
        throw e;
      }
      LOG.debug("host route {} replaces the agent's blackhole for its /32 block", r);
      dp.routes().replace(node, r);
    }
  }

  /**
   * Removes a pod's wiring, best effort: its host routes and its veth (the pod end goes with the
   * host end, or with the pod's namespace).
   *
   * @return whether the host end existed
   */
  public static boolean unwire(Dataplane dp, NetworkNamespace node, PodInterface spec) {
    for (Route r : hostRoutes(spec)) {
      try {
        dp.routes().delete(node, r);
      } catch (DataplaneException e) {
        LOG.debug("host route {} was already gone: {}", r, e.getMessage());
      }
    }
    return dp.links().delete(node, spec.hostEnd());
  }

  /**
   * Checks a wired pod against its spec: the veth's two ends, the pod's addresses, its gateway and
   * default routes, and the node's routes to it.
   *
   * @return what is wrong, empty when nothing is
   */
  public static List<String> check(
      Dataplane dp, NetworkNamespace node, NetworkNamespace pod, PodInterface spec) {
    List<String> problems = new ArrayList<>();
    Optional<Link> host = dp.links().get(node, spec.hostEnd());
    if (host.isEmpty()) {
      problems.add("host end " + spec.hostEnd() + " is missing");
    } else if (!host.get().up()) {
      problems.add("host end " + spec.hostEnd() + " is down");
    }
    Optional<Link> eth = dp.links().get(pod, spec.podEnd());
    if (eth.isEmpty()) {
      problems.add("pod end " + spec.podEnd() + " is missing in " + pod.name());
      return problems;
    }
    if (!eth.get().up()) {
      problems.add("pod end " + spec.podEnd() + " is down");
    }
    if (spec.mtu() != 0 && eth.get().mtu() != spec.mtu()) {
      problems.add("pod end mtu is " + eth.get().mtu() + ", expected " + spec.mtu());
    }
    List<InterfaceAddress> have = dp.addresses().list(pod, spec.podEnd());
    for (IpAddress a : spec.addresses()) {
      if (!have.contains(InterfaceAddress.host(spec.podEnd(), a))) {
        problems.add("address " + a + " is missing on " + spec.podEnd());
      }
    }
    List<Route> podRoutes = dp.routes().list(pod, RouteFilter.ALL);
    for (Route want : podRoutes(spec)) {
      if (podRoutes.stream().noneMatch(r -> sameRoute(r, want))) {
        problems.add("route " + want + " is missing in " + pod.name());
      }
    }
    List<Route> nodeRoutes = dp.routes().list(node, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
    for (Route want : hostRoutes(spec)) {
      if (nodeRoutes.stream().noneMatch(r -> sameRoute(r, want))) {
        problems.add("host route " + want + " is missing");
      }
    }
    return problems;
  }

  private static boolean sameRoute(Route have, Route want) {
    return have.destination().equals(want.destination())
        && have.table() == want.table()
        && java.util.Objects.equals(have.gateway(), want.gateway())
        && java.util.Objects.equals(have.device(), want.device());
  }

  /** In the pod: the gateways on the link, and default routes through them. */
  static List<Route> podRoutes(PodInterface spec) {
    List<Route> routes = new ArrayList<>();
    String eth = spec.podEnd();
    for (IpAddress a : spec.addresses()) {
      if (a.family() == IpFamily.IPV4) {
        routes.add(Route.builder(GATEWAY_V4.toPrefix()).device(eth).scope(RouteScope.LINK).build());
        routes.add(Route.builder(DEFAULT_V4).gateway(GATEWAY_V4).device(eth).build());
      } else {
        // IPv6 reaches the host end's link-local address directly on the link.
        routes.add(Route.builder(DEFAULT_V6).gateway(GATEWAY_V6).device(eth).metric(1024).build());
      }
    }
    return routes;
  }

  /** In the node: a route per pod address over the host end, marked as Gingham's. */
  static List<Route> hostRoutes(PodInterface spec) {
    List<Route> routes = new ArrayList<>();
    for (IpAddress a : spec.addresses()) {
      Route.Builder b =
          Route.builder(a.toPrefix()).device(spec.hostEnd()).protocol(Route.PROTOCOL_GINGHAM);
      if (a instanceof Ipv6Address) {
        b.metric(1024);
      }
      routes.add(b.build());
    }
    return routes;
  }
}
