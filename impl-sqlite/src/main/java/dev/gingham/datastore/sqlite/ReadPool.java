package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A small pool of read-only connections, opened as needed up to a maximum. Each read runs in its
 * own read transaction on a borrowed connection, so reads of several threads proceed in parallel
 * with each other and with the writer (WAL readers take no lock that a writer waits for).
 * Thread-safe.
 */
final class ReadPool implements AutoCloseable {
  private final ConnectionFactory factory;
  private final int max;
  private final Duration wait;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition returned = lock.newCondition();

  // Guarded by lock.
  private final ArrayDeque<StoreConnection> idle = new ArrayDeque<>();
  private int open;
  private boolean closed;

  /**
   * @param max the most connections open at once
   * @param wait how long a read waits for a connection when all are busy
   */
  ReadPool(ConnectionFactory factory, int max, Duration wait) {
    this.factory = factory;
    this.max = max;
    this.wait = wait;
  }

  /**
   * Runs work in a read transaction on a pooled connection.
   *
   * @param operation what is being done, for messages, such as {@code "get"}
   * @param key the key it is done to, for messages, or null
   * @throws DatastoreException if SQLite fails
   */
  <T> T read(String operation, @Nullable String key, SqlWork<T> work) {
    try {
      StoreConnection connection = borrow();
      boolean healthy = false;
      try {
        T result = connection.inReadTransaction(work);
        healthy = true;
        return result;
      } finally {
        giveBack(connection, healthy);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, factory.path(), factory.busy(), SqlErrors.describe(operation, key));
    }
  }

  private StoreConnection borrow() throws SQLException {
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (true) {
        if (closed) {
          throw new IllegalStateException("SQLite datastore '" + factory.path() + "' is closed");
        }
        StoreConnection connection = idle.pollFirst();
        if (connection != null) {
          return connection;
        }
        if (open < max) {
          open++;
          break;
        }
        if (nanos <= 0) {
          throw new DatastoreUnavailableException(
              "no read connection to '"
                  + factory.path()
                  + "' came free within "
                  + wait.toMillis()
                  + "ms; all "
                  + max
                  + " are busy");
        }
        try {
          nanos = returned.awaitNanos(nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DatastoreUnavailableException(
              "interrupted while waiting for a read connection to '" + factory.path() + "'");
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      return factory.openReader();
    } catch (SQLException | RuntimeException e) {
      release();
      throw e;
    }
  }

  private void giveBack(StoreConnection connection, boolean healthy) {
    lock.lock();
    try {
      if (healthy && !closed) {
        idle.addFirst(connection);
        returned.signal();
        return;
      }
    } finally {
      lock.unlock();
    }
    // A connection that failed may be in a bad state; a new one is cheap.
    connection.close();
    release();
  }

  private void release() {
    lock.lock();
    try {
      open--;
      returned.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the idle connections now, and the others as they come back. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      for (StoreConnection connection : idle) {
        connection.close();
      }
      open -= idle.size();
      idle.clear();
      returned.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
