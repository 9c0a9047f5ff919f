package dev.gingham.datastore.sqlite;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;

/**
 * Opens connections to one database file, configured alike: busy timeout, synchronous mode, no
 * foreign keys (the schema has none) and, for the writer, write-ahead logging.
 *
 * <p>WAL mode is what makes the store multi-process: readers never block the writer nor each other,
 * and a commit is atomic and survives the death of its process at any instant. It is a property of
 * the file, set once by the first writer that opens it.
 */
final class ConnectionFactory {
  /** Keeps the WAL file from staying large after a burst of writes. */
  private static final int JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

  private static final String WAL = "wal";

  private final Path path;
  private final SqliteOptions options;

  ConnectionFactory(SqliteOptions options) {
    this.path = options.path();
    this.options = options;
  }

  Path path() {
    return path;
  }

  Duration busy() {
    return options.busy();
  }

  /** Opens the connection that writes, and puts the file in WAL mode. */
  StoreConnection openWriter() throws SQLException {
    StoreConnection connection = open(false);
    try {
      String mode = journalMode(connection, "PRAGMA journal_mode");
      if (!WAL.equals(mode)) {
        mode = enterWal(connection);
      }
      if (!WAL.equals(mode)) {
        throw new SQLException(
            "'" + path + "' could not be put in WAL mode; its journal mode stays " + mode);
      }
      connection.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Switches a new file to WAL. The switch reads the file and then upgrades to an exclusive lock;
   * SQLite answers that upgrade with an immediate SQLITE_BUSY, without calling the busy handler,
   * when another process holds a lock (waiting could deadlock). Processes that create one file at
   * once meet exactly that, so the switch is retried here until the busy timeout.
   */
  private String enterWal(StoreConnection connection) throws SQLException {
    long deadline = System.nanoTime() + options.busy().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return journalMode(connection, "PRAGMA journal_mode = WAL");
      } catch (SQLException e) {
        if (!SqlErrors.isBusy(e) || System.nanoTime() - deadline >= 0) {
          throw e;
        }
      }
      try {
        // 1, 2, 4 ... 32 ms, jittered so that the racing processes spread out.
        long pause = 1L << Math.min(attempt - 1, 5);
        Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while putting '" + path + "' in WAL mode", e);
      }
    }
  }

  private static String journalMode(StoreConnection connection, String pragma) throws SQLException {
    try (Statement s = connection.jdbc().createStatement();
        ResultSet rs = s.executeQuery(pragma)) {
      rs.next();
      return rs.getString(1).toLowerCase(Locale.ROOT);
    }
  }

  /** Opens a connection that only reads: the database refuses its writes. */
  StoreConnection openReader() throws SQLException {
    StoreConnection connection = open(true);
    try {
      connection.execute("PRAGMA query_only = 1");
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private StoreConnection open(boolean reader) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) options.busy().toMillis());
    config.enforceForeignKeys(false);
    config.setSynchronous(
        reader || options.sync() == SqliteOptions.Sync.NORMAL
            ? SQLiteConfig.SynchronousMode.NORMAL
            : SQLiteConfig.SynchronousMode.FULL);
    return new StoreConnection(config.createConnection("jdbc:sqlite:" + path));
  }
}
