package dev.gingham.spi.dataplane;

import dev.gingham.net.IpFamily;
import dev.gingham.route.Route;

/**
 * How the kernel stores a route, where that differs from how it was given: an IPv6 route has no
 * metric 0, so one given with 0 is stored, and listed, with {@value #IPV6_DEFAULT_METRIC} ({@code
 * IP6_RT_PRIO_USER}). Dataplanes list routes as stored; a reconciler compares desired routes in
 * this form, so that it does not replace such a route on every pass. Stateless.
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

  /** The route as the kernel stores it: itself, or a copy with the stored metric. */
  public static Route normalized(Route route) {
    int metric = metric(route);
    return metric == route.metric() ? route : route.toBuilder().metric(metric).build();
  }
}
