package dev.gingham.internal.dataplane;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteChange;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Routes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Routes of the simulation, with the kernel's rules: one route per key (table, destination,
 * metric), and for IPv4 the checks {@code fib_check_nh} makes, that a device exists and is up
 * (ENODEV, ENETDOWN) and that a gateway, unless on-link, lies on a link-scope route (ENETUNREACH).
 * For IPv6 only the device's existence is checked. Routes through a device go when it goes down or
 * away; addresses bring their local and subnet routes, with protocol {@code kernel}. Routes are
 * stored as the kernel stores them ({@link KernelRoutes}): an IPv6 metric 0 as 1024, and a
 * single-path gateway given without a device with the device the kernel would choose.
 */
final class SimRoutes implements Routes {
  private final SimulatedDataplane dp;

  SimRoutes(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Route> list(NetworkNamespace ns, RouteFilter filter) {
    return dp.in(
        ns,
        n -> {
          List<Route> out = new ArrayList<>();
          for (Route r : n.routes.values()) {
            if (filter.test(r)) {
              out.add(r);
            }
          }
          return out;
        });
  }

  @Override
  public void add(NetworkNamespace ns, Route route) {
    dp.in(
        ns,
        n -> {
          add(n, route);
          return null;
        });
  }

  private static void add(SimNamespace n, Route route) {
    String what = "route " + route;
    validate(n, route, what);
    Route stored = stored(n, route);
    if (n.routes.containsKey(stored.key())) {
      throw Errors.exists(what, "a route with key " + stored.key() + " exists");
    }
    n.putRoute(stored);
  }

  /**
   * The route as the kernel stores it: an IPv6 metric 0 as 1024, and a gateway given without a
   * device with the device of the link-scope route that holds it (for single-path routes).
   */
  private static Route stored(SimNamespace n, Route route) {
    Route r = KernelRoutes.normalized(route);
    if (r.gateway() != null && r.device() == null && r.type().forwards()) {
      Route link = linkRouteFor(n, r, r.gateway(), null);
      if (link != null) {
        r = r.toBuilder().device(link.device()).build();
      }
    }
    return r;
  }

  @Override
  public void replace(NetworkNamespace ns, Route route) {
    dp.in(
        ns,
        n -> {
          replace(n, route);
          return null;
        });
  }

  private static void replace(SimNamespace n, Route route) {
    validate(n, route, "route " + route);
    n.putRoute(stored(n, route));
  }

  @Override
  public boolean delete(NetworkNamespace ns, Route route) {
    return dp.in(ns, n -> delete(n, route));
  }

  private static boolean delete(SimNamespace n, Route route) {
    Route present = n.routes.get(KernelRoutes.normalized(route).key());
    if (present == null
        || present.type() != route.type()
        || present.protocol() != route.protocol()) {
      return false;
    }
    n.removeRoute(present.key());
    return true;
  }

  @Override
  public List<RouteChange.Failure> apply(NetworkNamespace ns, List<RouteChange> changes) {
    List<RouteChange> copy = List.copyOf(changes);
    return dp.in(
        ns,
        n -> {
          List<RouteChange.Failure> failures = new ArrayList<>();
          for (RouteChange c : copy) {
            try {
              switch (c.action()) {
                case ADD:
                  add(n, c.route());
                  break;
                case REPLACE:
                  replace(n, c.route());
                  break;
                case DELETE:
                  delete(n, c.route());
                  break;
                default:
                  throw new IllegalStateException("unknown action " + c.action());
              }
            } catch (DataplaneException e) {
              failures.add(new RouteChange.Failure(c, e));
            }
          }
          return failures;
        });
  }

  private static void validate(SimNamespace n, Route r, String what) {
    boolean ipv4 = r.destination().family() == IpFamily.IPV4;
    if (r.nextHops().isEmpty()) {
      checkPath(n, r, r.gateway(), r.device(), r.onLink(), ipv4, what);
    } else {
      for (NextHop h : r.nextHops()) {
        checkPath(n, r, h.gateway(), h.device(), h.onLink(), ipv4, what);
      }
    }
  }

  private static void checkPath(
      SimNamespace n,
      Route r,
      @Nullable IpAddress gateway,
      @Nullable String device,
      boolean onLink,
      boolean ipv4,
      String what) {
    if (device != null) {
      SimLink l = n.requireLink(what, device);
      if (ipv4 && !l.up) {
        throw Errors.networkDown(what, device);
      }
    }
    if (ipv4
        && gateway != null
        && !onLink
        && r.type().forwards()
        && linkRouteFor(n, r, gateway, device) == null) {
      throw Errors.unreachable(what, "gateway " + gateway + " is on no connected subnet");
    }
  }

  /** The link-scope route of the route's table or main that holds the gateway, or null. */
  private static @Nullable Route linkRouteFor(
      SimNamespace n, Route r, IpAddress gateway, @Nullable String device) {
    for (Route q : n.routes.values()) {
      boolean table = q.table() == r.table() || q.table() == Route.TABLE_MAIN;
      boolean scope = q.scope() == RouteScope.LINK || q.scope() == RouteScope.HOST;
      if (table
          && scope
          && q.type() == RouteType.UNICAST
          && q.destination().contains(gateway)
          && q.device() != null
          && (device == null || device.equals(q.device()))) {
        return q;
      }
    }
    return null;
  }
}
