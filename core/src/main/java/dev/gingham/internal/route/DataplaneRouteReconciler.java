package dev.gingham.internal.route;

import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteTable;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteChange;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RouteReconciler} over the Dataplane SPI: lists with {@link RouteFilter#owned(int)},
 * diffs with {@link RouteDiff}, applies with {@code Routes.apply}. Started, it runs on one daemon
 * thread of its own, woken by desired-state changes, by route events of its protocol (and by
 * Overflow), and by the resync timer.
 */
public final class DataplaneRouteReconciler implements RouteReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(DataplaneRouteReconciler.class);

  private final Dataplane dataplane;
  private final NetworkNamespace namespace;
  private final int protocol;
  private final Duration resyncInterval;
  private final ReentrantLock reconciling = new ReentrantLock();
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile RouteTable desired;
  // Keys kept by retainExisting, and until when (System.nanoTime); written under `reconciling`,
  // volatile so that start() can read them without taking it.
  private volatile Set<RouteKey> retainedKeys = Set.of();
  private volatile long retainUntil;
  private @Nullable ScheduledExecutorService executor;
  private @Nullable Subscription subscription;
  private boolean closed;

  /**
   * A reconciler, not yet started.
   *
   * @param dataplane the dataplane
   * @param namespace where the routes are
   * @param protocol the route protocol it owns
   * @param resyncInterval how often it reconciles even when nothing told it to
   */
  public DataplaneRouteReconciler(
      Dataplane dataplane, NetworkNamespace namespace, int protocol, Duration resyncInterval) {
    this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.desired = RouteTable.empty(protocol);
    this.protocol = protocol;
    if (resyncInterval.isNegative() || resyncInterval.isZero()) {
      throw new IllegalArgumentException("resync interval must be positive, was " + resyncInterval);
    }
    this.resyncInterval = resyncInterval;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  @Override
  public void setDesired(RouteTable table) {
    if (table.protocol() != protocol) {
      throw new IllegalArgumentException(
          "desired table is of protocol "
              + table.protocol()
              + ", this reconciler owns "
              + protocol);
    }
    desired = table;
    requestSoon();
  }

  @Override
  public RouteTable desired() {
    return desired;
  }

  @Override
  public int retainExisting(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("retention limit must be positive, was " + limit);
    }
    int kept;
    reconciling.lock();
    try {
      Set<RouteKey> keys = new HashSet<>();
      for (Route r : dataplane.routes().list(namespace, RouteFilter.owned(protocol))) {
        keys.add(r.key());
      }
      retainedKeys = keys;
      retainUntil = System.nanoTime() + limit.toNanos();
      kept = keys.size();
    } finally {
      reconciling.unlock();
    }
    LOG.info("Keeping {} route(s) in {} for at most {}", kept, namespace.name(), limit);
    synchronized (this) {
      if (executor != null && !closed) {
        // The limit is a deadline: reconcile when it passes, whatever else happens.
        executor.schedule(this::reconcileQuietly, limit.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    return kept;
  }

  @Override
  public void releaseRetained() {
    reconciling.lock();
    try {
      if (retainedKeys.isEmpty()) {
        return;
      }
      retainedKeys = Set.of();
    } finally {
      reconciling.unlock();
    }
    requestSoon();
  }

  @Override
  public int retained() {
    reconciling.lock();
    try {
      expireRetention();
      return retainedKeys.size();
    } finally {
      reconciling.unlock();
    }
  }

  private void expireRetention() {
    if (!retainedKeys.isEmpty() && System.nanoTime() - retainUntil >= 0) {
      LOG.info(
          "Retention of {} route(s) in {} ran out; routes not desired now go",
          retainedKeys.size(),
          namespace.name());
      retainedKeys = Set.of();
    }
  }

  @Override
  public Result reconcile() {
    reconciling.lock();
    try {
      RouteTable want = desired;
      List<Route> held = dataplane.routes().list(namespace, RouteFilter.owned(protocol));
      List<RouteChange> changes = RouteDiff.changes(want, held);
      expireRetention();
      if (!retainedKeys.isEmpty()) {
        changes.removeIf(
            c -> c.action() == RouteChange.Action.DELETE && retainedKeys.contains(c.route().key()));
      }
      Result r = apply(changes);
      clean = r.failures().isEmpty() && retainedKeys.isEmpty();
      return r;
    } finally {
      reconciling.unlock();
    }
  }

  /**
   * Sets the desired table and reconciles only these keys, at the cost of the change: a learned
   * route came or went. It trusts that the dataplane holds what the last reconcile left for them,
   * so it reconciles everything instead ({@link #reconcile()}) when that one did not end clean (a
   * failure, or routes kept by {@link #retainExisting}); a failure here makes the next one full
   * too. The periodic and full reconciles still repair whatever else changed the dataplane.
   */
  public Result reconcile(RouteTable table, Collection<RouteKey> keys) {
    reconciling.lock();
    try {
      if (!clean || !retainedKeys.isEmpty() || table.protocol() != protocol) {
        setDesired(table);
        return reconcile();
      }
      RouteTable before = desired;
      desired = table;
      List<Route> want = new ArrayList<>();
      List<Route> held = new ArrayList<>();
      for (RouteKey k : keys) {
        table.get(k).ifPresent(want::add);
        before.get(k).map(KernelRoutes::normalized).ifPresent(held::add);
      }
      Result r = apply(RouteDiff.changes(RouteTable.of(protocol, want), held));
      clean = r.failures().isEmpty();
      return r;
    } finally {
      reconciling.unlock();
    }
  }

  /** Whether the last reconcile left the dataplane exactly as desired; guarded by `reconciling`. */
  private boolean clean;

  private Result apply(List<RouteChange> changes) {
    if (changes.isEmpty()) {
      return new Result(List.of(), List.of(), List.of(), List.of());
    }
    List<RouteChange.Failure> failed = dataplane.routes().apply(namespace, changes);
    Map<RouteChange, RouteChange.Failure> byChange = new IdentityHashMap<>();
    failed.forEach(f -> byChange.put(f.change(), f));
    List<Route> added = new ArrayList<>();
    List<Route> replaced = new ArrayList<>();
    List<Route> deleted = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (RouteChange c : changes) {
      RouteChange.Failure f = byChange.get(c);
      if (f != null) {
        failures.add(new Failure(action(c), c.route(), f.error().getMessage()));
        continue;
      }
      switch (c.action()) {
        case ADD:
          added.add(c.route());
          break;
        case REPLACE:
          replaced.add(c.route());
          break;
        default:
          deleted.add(c.route());
      }
    }
    if (!failures.isEmpty()) {
      LOG.warn("{} route change(s) failed in {}: {}", failures.size(), namespace.name(), failures);
    }
    return new Result(added, replaced, deleted, failures);
  }

  private static String action(RouteChange c) {
    return c.action().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("route reconciler is closed");
    }
    if (executor != null) {
      return;
    }
    ScheduledExecutorService ex =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gingham-route-reconciler-" + namespace.name());
              t.setDaemon(true);
              return t;
            });
    executor = ex;
    subscription =
        dataplane.subscribe(
            namespace,
            EnumSet.of(DataplaneEvent.Topic.ROUTES),
            e -> {
              if (e instanceof DataplaneEvent.Overflow
                  || (e instanceof DataplaneEvent.RouteChanged
                      && ((DataplaneEvent.RouteChanged) e).route().protocol() == protocol)) {
                requestSoon();
              }
            });
    long every = resyncInterval.toNanos();
    ex.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.NANOSECONDS);
    if (!retainedKeys.isEmpty()) {
      // Routes kept before the start (as a restarting agent keeps them before it starts): their
      // limit is still a deadline. A reconcile that comes early keeps them and does no harm.
      long left = Math.max(0, retainUntil - System.nanoTime());
      ex.schedule(this::reconcileQuietly, left, TimeUnit.NANOSECONDS);
    }
    requestSoon();
  }

  private synchronized void requestSoon() {
    ScheduledExecutorService ex = executor;
    if (ex != null && !closed && pending.compareAndSet(false, true)) {
      ex.execute(
          () -> {
            pending.set(false);
            reconcileQuietly();
          });
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warn("Reconciling routes in {} failed; the next resync tries again", namespace.name(), e);
    }
  }

  @Override
  public void close() {
    Subscription s;
    ScheduledExecutorService ex;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = subscription;
      ex = executor;
    }
    // Outside the monitor: closing the subscription waits out a delivery in progress, and that
    // delivery's requestSoon takes the monitor (which, closed now, lets it return at once).
    if (s != null) {
      s.close();
    }
    if (ex != null) {
      ex.shutdownNow();
    }
  }
}
