package dev.gingham.datastore.sqlite;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends expired leases: a daemon thread per store that sleeps until the earliest deadline in the
 * lease table (looking again at least every {@link #MAX_SLEEP_MILLIS}, for leases that other
 * processes grant or renew), then ends each lease past its deadline in a transaction of its own.
 * Every process that has the store open runs one; {@link Leases#expireIfDue} re-checks the deadline
 * under the write lock, so a lease that two sweepers find is ended once.
 */
final class LeaseSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseSweeper.class);

  /** The longest the sweeper sleeps: how late it may notice another process's new lease. */
  static final long MAX_SLEEP_MILLIS = 500;

  private static final long MIN_SLEEP_MILLIS = 10;
  private static final int BATCH = 100;

  private final Leases leases;
  private final Path path;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param path the store's file, for log messages and the thread's name
   */
  LeaseSweeper(Leases leases, Path path) {
    this.leases = leases;
    this.path = path;
    this.thread = new Thread(this::run, "gingham-sqlite-lease-sweeper " + path);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      long sleep = MAX_SLEEP_MILLIS;
      try {
        sweep();
        long next = leases.millisToNextDeadline();
        sleep = Math.max(MIN_SLEEP_MILLIS, Math.min(MAX_SLEEP_MILLIS, next));
        failures = 0;
      } catch (RuntimeException e) {
        failures++;
        if (!closed && (failures == 1 || failures % 100 == 0)) {
          LOG.warn(
              "Lease sweeper of SQLite datastore '{}' failed ({} in a row); retrying",
              path,
              failures,
              e);
        }
      }
      if (!closed) {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(sleep));
      }
    }
  }

  private void sweep() {
    List<Long> due;
    do {
      due = leases.due(BATCH);
      for (long id : due) {
        if (closed) {
          return;
        }
        leases.expireIfDue(id);
        LOG.debug("Lease {} of SQLite datastore '{}' expired", id, path);
      }
    } while (due.size() == BATCH && !closed);
  }

  /** Stops the sweeper, waiting for a sweep in progress. Idempotent. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    if (thread.isAlive() && Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
