package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The store's one writing connection, used by one thread at a time. Within the process a lock
 * orders the writers; between processes SQLite's write lock does, taken by {@code BEGIN IMMEDIATE}.
 * Both waits are bounded by the busy timeout. Thread-safe.
 */
final class Writer implements AutoCloseable {
  private final StoreConnection connection;
  private final Path path;
  private final Duration busy;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  Writer(StoreConnection connection, Path path, Duration busy) {
    this.connection = connection;
    this.path = path;
    this.busy = busy;
  }

  /**
   * Runs work in a write transaction: committed when it returns, rolled back when it throws.
   *
   * @param operation what is being done, for messages, such as {@code "transaction"}
   * @param key the key it is done to, for messages, or null
   * @throws DatastoreUnavailableException if the lock is not had within the busy timeout
   * @throws DatastoreException if SQLite fails
   */
  <T> T write(String operation, @Nullable String key, SqlWork<T> work) {
    acquire();
    try {
      if (closed) {
        throw new IllegalStateException("SQLite datastore '" + path + "' is closed");
      }
      return connection.inWriteTransaction(work);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, path, busy, SqlErrors.describe(operation, key));
    } finally {
      lock.unlock();
    }
  }

  private void acquire() {
    try {
      if (!lock.tryLock(busy.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new DatastoreUnavailableException(
            "another thread of this process held the SQLite write connection for longer than the"
                + " busy timeout ("
                + busy.toMillis()
                + "ms, option busy)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatastoreException("interrupted while waiting for the SQLite write connection", e);
    }
  }

  /** Closes the connection once the write in progress, if any, is done. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
