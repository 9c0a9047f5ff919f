package dev.gingham.internal.agent;

import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteTable;
import dev.gingham.route.RouteType;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The host routes the CNI plugin adds on workload interfaces before the workload's endpoint has
 * reached the agent's cache.
 *
 * <p>The CNI plugin owns a workload's host route on its veth and writes it with the agent's own
 * protocol, so that the agent takes it over as soon as the endpoint is known. Between the plugin's
 * write and the endpoint's arrival, the agent's calculation does not have that route: without this
 * class a pass would delete it, and with {@code /32} blocks would replace it with the block's
 * blackhole. As Felix's route table does for interfaces it has not been told about, such a route is
 * treated as belonging to a pending endpoint: it is kept, and wins over the block's blackhole with
 * the same key, until a grace period after it was first seen; then it is left to the reconciler,
 * which deletes it.
 *
 * <p>Not thread-safe: it belongs to the agent's loop thread.
 */
final class PendingWorkloadRoutes {
  /** How long a route on an unknown workload interface is kept: CNI ADD to cache is far less. */
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private final String interfacePrefix;
  private final long graceNanos;
  private final LongSupplier nanoClock;
  private Map<Route, Long> firstSeen = new HashMap<>();

  /**
   * @param interfacePrefix the prefix of workloads' host-side interfaces
   * @param grace how long a pending route is kept after it was first seen
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   * @throws IllegalArgumentException if the prefix is empty or the grace is not positive
   */
  PendingWorkloadRoutes(String interfacePrefix, Duration grace, LongSupplier nanoClock) {
    if (interfacePrefix.isEmpty()) {
      throw new IllegalArgumentException("workload interface prefix must not be empty");
    }
    if (grace.isNegative() || grace.isZero()) {
      throw new IllegalArgumentException("grace period must be positive, was " + grace);
    }
    this.interfacePrefix = interfacePrefix;
    this.graceNanos = grace.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * The desired table plus the pending routes among {@code held}.
   *
   * @param desired what the calculation wants
   * @param knownInterfaces the host-side interfaces of the workloads in the cache
   * @param held the routes of the agent's protocol in the kernel now
   * @return {@code desired} itself when nothing is pending; otherwise a table in which each pending
   *     route is added, or replaces a blackhole with its key
   */
  RouteTable keep(RouteTable desired, Set<String> knownInterfaces, List<Route> held) {
    long now = nanoClock.getAsLong();
    Map<Route, Long> seen = new HashMap<>();
    Map<RouteKey, Route> pending = new LinkedHashMap<>();
    for (Route r : held) {
      String device = r.device();
      if (device == null
          || !device.startsWith(interfacePrefix)
          || knownInterfaces.contains(device)
          || r.type() != RouteType.UNICAST) {
        continue;
      }
      Long first = firstSeen.get(r);
      long since = first == null ? now : first;
      seen.put(r, since);
      if (now - since < graceNanos) {
        pending.put(r.key(), r);
      }
    }
    // Forget what is gone, so that a route that comes back later gets a fresh grace period.
    firstSeen = seen;
    if (pending.isEmpty()) {
      return desired;
    }
    Map<RouteKey, Route> merged = new LinkedHashMap<>();
    for (Route r : desired.routes()) {
      merged.put(r.key(), r);
    }
    for (Route r : pending.values()) {
      Route mine = merged.get(r.key());
      if (mine == null || mine.type() == RouteType.BLACKHOLE) {
        merged.put(r.key(), r);
      }
    }
    return RouteTable.of(desired.protocol(), merged.values());
  }
}
