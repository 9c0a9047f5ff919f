package dev.gingham.internal.route;

import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteTable;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.RouteChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fewest changes that turn the routes a dataplane holds of one protocol into a desired table: a
 * delete for each held route whose key is not desired, a replace for each desired route held with
 * the same key but different, an add for each desired key not held. A route held exactly as desired
 * costs nothing. Desired routes are compared as the kernel stores them ({@link KernelRoutes}): an
 * IPv6 route asked for with metric 0 is held with 1024, and a gateway asked for without a device is
 * held with the device the kernel chose.
 *
 * <p>Order: deletes first (routes through gateways before link-scope ones, which those may need),
 * then replaces and adds with link-scope routes first, so that a gateway is on a link-scope route
 * by the time a route through it goes in.
 */
final class RouteDiff {
  private RouteDiff() {}

  /**
   * The changes.
   *
   * @param desired the desired routes
   * @param held the routes the dataplane holds of the desired table's protocol
   * @throws IllegalArgumentException if a held route has another protocol
   */
  static List<RouteChange> changes(RouteTable desired, List<Route> held) {
    // Desired routes as the kernel stores them (an IPv6 metric 0 is 1024), by their stored key.
    Map<RouteKey, Route> want = new LinkedHashMap<>();
    for (Route r : desired.routes()) {
      Route stored = KernelRoutes.normalized(r);
      want.put(stored.key(), stored);
    }
    Map<RouteKey, Route> byKey = new HashMap<>();
    for (Route r : held) {
      if (r.protocol() != desired.protocol()) {
        throw new IllegalArgumentException(
            "held route '" + r + "' is not of protocol " + desired.protocol());
      }
      byKey.put(r.key(), r);
    }
    List<Route> deletes = new ArrayList<>();
    for (Route r : held) {
      if (!want.containsKey(r.key())) {
        deletes.add(r);
      }
    }
    List<RouteChange> installs = new ArrayList<>();
    for (Route r : want.values()) {
      Route now = byKey.get(r.key());
      if (now == null) {
        installs.add(RouteChange.add(r));
      } else if (!KernelRoutes.holds(now, r)) {
        installs.add(RouteChange.replace(r));
      }
    }
    deletes.sort(Comparator.comparingInt(RouteDiff::linkFirst).reversed());
    installs.sort(Comparator.comparingInt(c -> linkFirst(c.route())));
    List<RouteChange> out = new ArrayList<>(deletes.size() + installs.size());
    deletes.forEach(r -> out.add(RouteChange.delete(r)));
    out.addAll(installs);
    return out;
  }

  private static int linkFirst(Route r) {
    return r.scope() == RouteScope.UNIVERSE ? 1 : 0;
  }
}
