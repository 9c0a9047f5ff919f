package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite's errors into the datastore's: no {@link SQLException} leaves the store.
 *
 * <p>A database locked beyond the busy timeout, a file that cannot be opened, an I/O error or a
 * full disk mean the store cannot be reached: {@link DatastoreUnavailableException}. Anything else
 * is a {@link DatastoreException} naming the operation and the key.
 */
final class SqlErrors {
  // Primary result codes (sqlite3.h).
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int IOERR = 10;
  private static final int FULL = 13;
  private static final int CANTOPEN = 14;

  private SqlErrors() {}

  /**
   * The datastore exception for a failed operation.
   *
   * @param operation what was being done, such as {@code "get of 'a/b'"}
   */
  static DatastoreException translate(SQLException e, Path path, Duration busy, String operation) {
    int code = primaryCode(e);
    String where = "SQLite datastore '" + path + "'";
    switch (code) {
      case BUSY:
      case LOCKED:
        return new DatastoreUnavailableException(
            where
                + " stayed locked by another connection for longer than the busy timeout ("
                + busy.toMillis()
                + "ms, option busy) during "
                + operation,
            e);
      case IOERR:
      case FULL:
      case CANTOPEN:
        return new DatastoreUnavailableException(
            where + " could not be read or written during " + operation + ": " + e.getMessage(), e);
      default:
        return new DatastoreException(where + ": " + operation + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether the database was locked by another connection: worth retrying. */
  static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == BUSY || code == LOCKED;
  }

  /** Names an operation for a message: {@code "get of key 'a/b'"}. */
  static String describe(String operation, @Nullable String key) {
    return key == null ? operation : operation + " of key '" + key + "'";
  }

  private static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException) {
      return ((SQLiteException) e).getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }
}
