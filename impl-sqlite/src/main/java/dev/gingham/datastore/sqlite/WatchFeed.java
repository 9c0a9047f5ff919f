package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.datastore.base.DatastoreArguments;
import dev.gingham.spi.datastore.base.WatchHub;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the store's watches from its history table, whoever wrote it: this process or another.
 *
 * <p>One poller thread per store (a daemon, started with the first watch) reads history rows after
 * the last revision it published, in revision order, and hands them to the {@link WatchHub} one
 * revision at a time. It looks every poll interval, but reads only when {@code PRAGMA data_version}
 * says another connection committed (a cheap check), or at once when a local commit {@linkplain
 * #wake() wakes} it.
 *
 * <p>Registration and publishing hold one lock. A new watch's backlog is read from history up to
 * the last published revision, and everything after it reaches the watch through the hub, so the
 * two meet with no gap and no repeat. When the history the poller needs was compacted away (by
 * {@code compact}, or by automatic compaction in a process that wrote much faster than this one
 * polled), every open watch gets a {@link ResyncRequired} with reason {@code COMPACTED}.
 */
final class WatchFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchFeed.class);

  /** How many revisions the poller reads in one read transaction, to bound its memory. */
  private static final int REVISIONS_PER_READ = 128;

  /** How long the poller waits after a failure before it tries again. */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final byte[] ALL_START = new byte[0];
  private static final byte[] ALL_END = KeyRange.end(new byte[0]);

  private final ConnectionFactory factory;
  private final ReadPool reads;
  private final WatchHub hub;
  private final int queueCapacity;
  private final long pollNanos;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private long published;

  // Written under lock.
  private volatile @Nullable Thread poller;
  private volatile boolean dirty;
  private volatile boolean closed;

  /**
   * @param queueCapacity the most events a watch may have waiting
   * @param poll how often to look for other processes' writes
   */
  WatchFeed(ConnectionFactory factory, ReadPool reads, int queueCapacity, Duration poll) {
    this.factory = factory;
    this.reads = reads;
    this.queueCapacity = queueCapacity;
    this.hub = new WatchHub("sqlite", queueCapacity);
    this.pollNanos = poll.toNanos();
  }

  /**
   * Starts a watch; see {@link dev.gingham.spi.datastore.Datastore#watch}.
   *
   * @throws IllegalArgumentException if the prefix or revision is invalid
   */
  Watch register(String prefix, long fromRevision, WatchListener listener) {
    DatastoreArguments.requireWatch(prefix, fromRevision, listener);
    byte[] start = Keys.utf8(prefix);
    byte[] end = KeyRange.end(start);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("SQLite datastore '" + factory.path() + "' is closed");
      }
      startPoller();
      Registration r =
          reads.read(
              "watch",
              prefix,
              c -> {
                StoreState state = c.state();
                // With no watch open the poller publishes nothing, so it may lag; nobody needs the
                // revisions it skipped, and it goes on from here.
                long base = hub.size() == 0 ? state.revision() : published;
                long first = fromRevision == 0 ? state.revision() + 1 : fromRevision;
                if (first < state.oldestRevision()) {
                  return new Registration(base, first, true, List.of());
                }
                List<WatchEvent> backlog =
                    first <= base
                        ? c.history(first, base, start, end, queueCapacity + 1)
                        : List.of();
                return new Registration(base, first, false, backlog);
              });
      published = r.base;
      dirty = true;
      LockSupport.unpark(poller);
      if (r.compacted) {
        return hub.resyncRequired(prefix, r.first, ResyncRequired.Reason.COMPACTED, listener);
      }
      return hub.register(prefix, r.first, r.backlog, listener);
    } finally {
      lock.unlock();
    }
  }

  /** Tells the poller that this process committed, so that it reads at once. */
  void wake() {
    Thread thread = poller;
    if (thread != null) {
      dirty = true;
      LockSupport.unpark(thread);
    }
  }

  private void startPoller() {
    if (poller == null) {
      Thread thread = new Thread(this::poll, "gingham-sqlite-watch-poller " + factory.path());
      thread.setDaemon(true);
      poller = thread;
      thread.start();
    }
  }

  private void poll() {
    StoreConnection connection = null;
    long seenVersion = Long.MIN_VALUE;
    int failures = 0;
    try {
      while (!closed) {
        LockSupport.parkNanos(this, failures == 0 ? pollNanos : RETRY_NANOS);
        if (closed) {
          break;
        }
        if (hub.size() == 0) {
          continue;
        }
        try {
          if (connection == null) {
            connection = factory.openReader();
          }
          long version = connection.dataVersion();
          if (version != seenVersion || dirty) {
            dirty = false;
            seenVersion = version;
            catchUp(connection);
          }
          failures = 0;
        } catch (SQLException | RuntimeException e) {
          failures++;
          if (failures == 1 || failures % 60 == 0) {
            LOG.warn(
                "Watch poller of SQLite datastore '{}' failed ({} in a row); retrying every {}s",
                factory.path(),
                failures,
                TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS),
                e);
          }
          if (connection != null) {
            connection.close();
            connection = null;
          }
          seenVersion = Long.MIN_VALUE;
        }
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** Publishes every revision after the last published one, up to the store's current one. */
  private void catchUp(StoreConnection connection) throws SQLException {
    lock.lock();
    try {
      while (!closed) {
        long after = published;
        Batch batch =
            connection.inReadTransaction(
                c -> {
                  StoreState state = c.state();
                  if (hub.size() == 0) {
                    return new Batch(state, state.revision(), List.of());
                  }
                  long base = Math.max(after, state.compacted());
                  long to = Math.min(state.revision(), base + REVISIONS_PER_READ);
                  List<WatchEvent> events =
                      to > base
                          ? c.history(base + 1, to, ALL_START, ALL_END, Integer.MAX_VALUE)
                          : List.of();
                  return new Batch(state, to, events);
                });
        if (batch.state.compacted() > published) {
          // The history this process had not yet published is gone.
          if (hub.size() > 0) {
            LOG.warn(
                "SQLite datastore '{}': history after revision {} was compacted before this"
                    + " process read it; open watches must resync",
                factory.path(),
                published);
            hub.publish(
                List.of(new ResyncRequired(published + 1, ResyncRequired.Reason.COMPACTED)));
          }
          published = batch.state.compacted();
        }
        publishByRevision(batch.events);
        published = Math.max(published, batch.to);
        if (published >= batch.state.revision()) {
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void publishByRevision(List<WatchEvent> events) {
    List<WatchEvent> revision = new ArrayList<>();
    for (WatchEvent event : events) {
      if (!revision.isEmpty() && revision.get(0).revision() != event.revision()) {
        hub.publish(revision);
        revision = new ArrayList<>();
      }
      revision.add(event);
    }
    if (!revision.isEmpty()) {
      hub.publish(revision);
    }
  }

  /** Stops the poller and ends every watch. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Thread thread = poller;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn("Watch poller of SQLite datastore '{}' did not stop in time", factory.path());
      }
    }
    hub.close();
  }

  private record Registration(long base, long first, boolean compacted, List<WatchEvent> backlog) {}

  private record Batch(StoreState state, long to, List<WatchEvent> events) {}
}
