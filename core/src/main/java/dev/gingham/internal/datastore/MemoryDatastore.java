package dev.gingham.internal.datastore;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.datastore.base.WatchHub;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Datastore} held in this process's memory, with etcd's semantics: for tests, simulations
 * of whole clusters in one JVM, and hosts that need no durability.
 *
 * <p>One read/write lock guards everything. Writers publish their events to the {@link WatchHub}
 * while they hold it, so watches see revisions in order; the hub only enqueues, so a slow watcher
 * never holds a writer up. History is a bounded queue of events, compacted from the front a whole
 * revision at a time.
 */
final class MemoryDatastore implements Datastore {
  static final int DEFAULT_HISTORY = 10_000;

  private final URI uri;
  private final int historyLimit;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final WatchHub hub;
  private final ScheduledExecutorService leaseTimer;

  // Guarded by lock.
  private final TreeMap<String, KeyValue> data = new TreeMap<>(Keys.ORDER);
  private final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
  private final Map<Long, MemoryLease> leases = new HashMap<>();
  private long revision = 1;
  private long compacted = 0;
  private long lastLeaseId = 0;
  private boolean closed;

  MemoryDatastore(URI uri, int historyLimit, int watchQueueCapacity) {
    this.uri = uri;
    this.historyLimit = historyLimit;
    this.hub = new WatchHub("memory", watchQueueCapacity);
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "gingham-memory-leases");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    this.leaseTimer = timer;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public long currentRevision() {
    lock.readLock().lock();
    try {
      requireOpen();
      return revision;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Keys.requireValid(key);
    lock.readLock().lock();
    try {
      requireOpen();
      return Optional.ofNullable(data.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    Keys.requireValidPrefix(prefix);
    if (startAfter == null) {
      throw new IllegalArgumentException(
          "startAfter must not be null; use \"\" to start at the top");
    }
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size must be from 1 to " + MAX_PAGE_SIZE + ", was " + limit);
    }
    lock.readLock().lock();
    try {
      requireOpen();
      NavigableMap<String, KeyValue> tail =
          !startAfter.isEmpty() && Keys.compare(startAfter, prefix) >= 0
              ? data.tailMap(startAfter, false)
              : data.tailMap(prefix, true);
      List<KeyValue> items = new ArrayList<>(Math.min(limit, 64));
      for (KeyValue kv : tail.values()) {
        if (!Keys.hasPrefix(kv.key(), prefix)) {
          break;
        }
        if (items.size() == limit) {
          return new Page(items, revision, true);
        }
        items.add(kv);
      }
      return new Page(items, revision, false);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public TxnResult txn(Txn txn) {
    boolean writes = txn.writes();
    var held = writes ? lock.writeLock() : lock.readLock();
    held.lock();
    try {
      requireOpen();
      boolean succeeded = true;
      for (Compare compare : txn.compares()) {
        KeyValue kv = data.get(compare.key());
        if (!compare.test(kv == null ? 0 : kv.modRevision())) {
          succeeded = false;
          break;
        }
      }
      List<Op> ops = succeeded ? txn.onSuccess() : txn.onFailure();
      // Check everything that can fail before the first write, so that nothing is half-applied.
      for (Op op : ops) {
        if (op instanceof Op.Put put && put.leaseId() != Lease.NONE) {
          if (!leases.containsKey(put.leaseId())) {
            throw new LeaseExpiredException(put.leaseId());
          }
        }
      }
      long next = revision + 1;
      List<TxnResult.OpResult> results = new ArrayList<>(ops.size());
      List<WatchEvent> events = new ArrayList<>();
      for (Op op : ops) {
        if (op instanceof Op.Put put) {
          events.add(new WatchEvent.Put(write(put, next)));
          results.add(new TxnResult.Written());
        } else if (op instanceof Op.Delete delete) {
          boolean existed = remove(delete.key());
          if (existed) {
            events.add(new WatchEvent.Delete(delete.key(), next));
          }
          results.add(new TxnResult.Deleted(existed));
        } else {
          results.add(new TxnResult.Found(data.get(op.key())));
        }
      }
      if (events.isEmpty()) {
        return new TxnResult(succeeded, revision, results);
      }
      commit(next, events);
      return new TxnResult(succeeded, next, results);
    } finally {
      held.unlock();
    }
  }

  private KeyValue write(Op.Put put, long next) {
    KeyValue previous = data.get(put.key());
    KeyValue kv =
        KeyValue.wrap(
            put.key(),
            put.value().clone(),
            previous == null ? next : previous.createRevision(),
            next,
            previous == null ? 1 : previous.version() + 1,
            put.leaseId());
    data.put(put.key(), kv);
    if (previous != null && previous.leaseId() != put.leaseId()) {
      detach(previous);
    }
    if (put.leaseId() != Lease.NONE) {
      leases.get(put.leaseId()).keys.add(put.key());
    }
    return kv;
  }

  private boolean remove(String key) {
    KeyValue previous = data.remove(key);
    if (previous == null) {
      return false;
    }
    detach(previous);
    return true;
  }

  private void detach(KeyValue kv) {
    MemoryLease lease = leases.get(kv.leaseId());
    if (lease != null) {
      lease.keys.remove(kv.key());
    }
  }

  private void commit(long next, List<WatchEvent> events) {
    revision = next;
    history.addAll(events);
    if (history.size() > historyLimit) {
      long dropped = 0;
      while (history.size() > historyLimit) {
        dropped = history.removeFirst().revision();
      }
      // Compact whole revisions: a watch either sees all of a transaction or a resync.
      while (!history.isEmpty() && history.peekFirst().revision() == dropped) {
        history.removeFirst();
      }
      compacted = Math.max(compacted, dropped);
    }
    hub.publish(events);
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    Keys.requireValidPrefix(prefix);
    if (fromRevision < 0) {
      throw new IllegalArgumentException("watch revision must be >= 0, was " + fromRevision);
    }
    if (listener == null) {
      throw new IllegalArgumentException("watch needs a listener");
    }
    lock.writeLock().lock();
    try {
      requireOpen();
      long from = fromRevision == 0 ? revision + 1 : fromRevision;
      if (from <= compacted) {
        return hub.resyncRequired(prefix, from, ResyncRequired.Reason.COMPACTED, listener);
      }
      List<WatchEvent> backlog = new ArrayList<>();
      if (from <= revision) {
        for (WatchEvent event : history) {
          if (event.revision() >= from) {
            backlog.add(event);
          }
        }
      }
      return hub.register(prefix, from, backlog, listener);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void compact(long compactRevision) {
    lock.writeLock().lock();
    try {
      requireOpen();
      if (compactRevision > revision) {
        throw new IllegalArgumentException(
            "cannot compact to revision "
                + compactRevision
                + ", which is after the current revision "
                + revision);
      }
      if (compactRevision <= compacted) {
        return;
      }
      while (!history.isEmpty() && history.peekFirst().revision() <= compactRevision) {
        history.removeFirst();
      }
      compacted = compactRevision;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long oldestRevision() {
    lock.readLock().lock();
    try {
      requireOpen();
      return compacted + 1;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Lease grantLease(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time to live must be positive, was " + ttl);
    }
    Duration granted = ttl.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : ttl;
    lock.writeLock().lock();
    try {
      requireOpen();
      MemoryLease lease = new MemoryLease(++lastLeaseId, granted);
      leases.put(lease.id, lease);
      lease.renew();
      return lease;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    hub.close();
    leaseTimer.shutdownNow();
  }

  @Override
  public String toString() {
    return "MemoryDatastore{" + uri + '}';
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("datastore " + uri + " is closed");
    }
  }

  /** Deletes a lease's keys as one revision. Caller holds the write lock. */
  private void end(MemoryLease lease) {
    leases.remove(lease.id);
    long next = revision + 1;
    List<WatchEvent> events = new ArrayList<>();
    for (String key : lease.keys) {
      data.remove(key);
      events.add(new WatchEvent.Delete(key, next));
    }
    lease.keys.clear();
    if (!events.isEmpty()) {
      commit(next, events);
    }
  }

  /** A lease of this store; its state is guarded by the store's lock. */
  private final class MemoryLease implements Lease {
    private final long id;
    private final Duration ttl;
    private final Set<String> keys = new LinkedHashSet<>();
    private long deadlineNanos;
    private ScheduledFuture<?> check;

    MemoryLease(long id, Duration ttl) {
      this.id = id;
      this.ttl = ttl;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public Duration ttl() {
      return ttl;
    }

    @Override
    public void keepAlive() {
      lock.writeLock().lock();
      try {
        requireOpen();
        if (leases.get(id) != this) {
          throw new LeaseExpiredException(id);
        }
        renew();
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Override
    public void revoke() {
      lock.writeLock().lock();
      try {
        if (!closed && leases.get(id) == this) {
          end(this);
        }
      } finally {
        lock.writeLock().unlock();
      }
    }

    /** Sets the deadline a time to live from now, and arms a check for it. Caller holds lock. */
    private void renew() {
      deadlineNanos = System.nanoTime() + ttl.toNanos();
      if (check != null) {
        check.cancel(false);
      }
      check = leaseTimer.schedule(this::expireIfDue, ttl.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expireIfDue() {
      lock.writeLock().lock();
      try {
        if (!closed && leases.get(id) == this && System.nanoTime() - deadlineNanos >= 0) {
          end(this);
        }
      } finally {
        lock.writeLock().unlock();
      }
    }
  }
}
