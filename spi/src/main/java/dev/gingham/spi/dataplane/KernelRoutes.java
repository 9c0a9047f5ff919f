package dev.gingham.spi.dataplane;

import dev.gingham.net.IpFamily;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;

/**
 * How the kernel stores a route, where that differs from how it was given, so that a reconciler
 * comparing what it wants with what a dataplane lists does not replace a route on every pass:
 *
 * <ul>
 *   <li>An IPv6 route has no metric 0: one given with 0 is stored, and listed, with {@value
 *       #IPV6_DEFAULT_METRIC} ({@code IP6_RT_PRIO_USER}). Its key changes with it.
 *   <li>A gateway given without a device is stored with the device the kernel chose for it (the one
 *       of the link-scope route that holds the gateway), and listed with it; the same for each next
 *       hop of a multipath route.
 * </ul>
 *
 * Dataplanes list routes as stored. Stateless.
 */
public final class KernelRoutes {
  /** The metric the kernel gives an IPv6 route added with metric 0. */
  public static final int IPV6_DEFAULT_METRIC = 1024;

  private KernelRoutes() {}

  /** The metric the kernel stores for this route. */
  public static int metric(Route route) {
    return route.metric() == 0 && route.destination().family() == IpFamily.IPV6
        ? IPV6_DEFAULT_METRIC
        : route.metric();
  }

  /**
   * Whether a route as a dataplane lists it is the desired one as the kernel stores it: equal once
   * the desired metric is normalised, allowing the device the kernel chose for a gateway (or a next
   * hop's) that the desired route gave without one.
   */
  public static boolean holds(Route held, Route desired) {
    Route want = normalized(desired);
    if (held.equals(want)) {
      return true;
    }
    if (held.onLink() != want.onLink()
        || held.nextHops().size() != want.nextHops().size()
        || !held.key().equals(want.key())) {
      return false;
    }
    Route.Builder b =
        Route.builder(held.destination())
            .gateway(held.gateway())
            .device(want.device() == null && want.gateway() != null ? null : held.device())
            .table(held.table())
            .metric(held.metric())
            .scope(held.scope())
            .type(held.type())
            .mtu(held.mtu())
            .protocol(held.protocol())
            .onLink(held.onLink())
            .source(held.source());
    for (int i = 0; i < held.nextHops().size(); i++) {
      NextHop h = held.nextHops().get(i);
      NextHop w = want.nextHops().get(i);
      boolean chosen = w.device() == null && w.gateway() != null && !h.onLink();
      b.nextHop(chosen ? new NextHop(h.gateway(), null, h.weight(), false) : h);
    }
    try {
      return b.build().equals(want);
    } catch (IllegalArgumentException inconsistent) {
      return false;
    }
  }

  /** The route as the kernel stores it: itself, or a copy with the stored metric. */
  public static Route normalized(Route route) {
    int metric = metric(route);
    return metric == route.metric() ? route : route.toBuilder().metric(metric).build();
  }
}
