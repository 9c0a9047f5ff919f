package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.DatastoreException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of a Gingham SQLite datastore, and how a file becomes one.
 *
 * <pre>
 * store   (id = 1, schema_version, revision, compacted, next_lease)   one row: the counters
 * kv      (key BLOB PRIMARY KEY, value, create_revision, mod_revision, version, lease)
 * history (id, revision, key, deleted, value, create_revision, version, lease)   watch events
 * lease   (id PRIMARY KEY, ttl_ms, deadline_ms)   deadlines are wall-clock milliseconds
 * </pre>
 *
 * <p>Keys are UTF-8 BLOBs: SQLite compares BLOBs with {@code memcmp}, so the primary key index
 * orders keys by their UTF-8 bytes, which is {@link dev.gingham.spi.datastore.Keys#ORDER}, and a
 * prefix is a range scan. Every revision after 1 has at least one history row, and history rows of
 * one revision are in the order the transaction wrote them (their {@code id}).
 */
final class Schema {
  /** The schema this code reads and writes. */
  static final int VERSION = 1;

  /** {@code PRAGMA application_id}: "Ging", so that a foreign SQLite file is refused. */
  static final int APPLICATION_ID = 0x47696e67;

  private static final List<String> CREATE =
      List.of(
          "CREATE TABLE IF NOT EXISTS store ("
              + " id INTEGER PRIMARY KEY CHECK (id = 1),"
              + " schema_version INTEGER NOT NULL,"
              + " revision INTEGER NOT NULL,"
              + " compacted INTEGER NOT NULL,"
              + " next_lease INTEGER NOT NULL)",
          "INSERT OR IGNORE INTO store VALUES (1, " + VERSION + ", 1, 0, 1)",
          "CREATE TABLE IF NOT EXISTS kv ("
              + " key BLOB PRIMARY KEY NOT NULL,"
              + " value BLOB NOT NULL,"
              + " create_revision INTEGER NOT NULL,"
              + " mod_revision INTEGER NOT NULL,"
              + " version INTEGER NOT NULL,"
              + " lease INTEGER NOT NULL)",
          "CREATE INDEX IF NOT EXISTS kv_by_lease ON kv (lease) WHERE lease <> 0",
          "CREATE TABLE IF NOT EXISTS history ("
              + " id INTEGER PRIMARY KEY,"
              + " revision INTEGER NOT NULL,"
              + " key BLOB NOT NULL,"
              + " deleted INTEGER NOT NULL,"
              + " value BLOB,"
              + " create_revision INTEGER,"
              + " version INTEGER,"
              + " lease INTEGER)",
          "CREATE INDEX IF NOT EXISTS history_by_revision ON history (revision)",
          "CREATE TABLE IF NOT EXISTS lease ("
              + " id INTEGER PRIMARY KEY,"
              + " ttl_ms INTEGER NOT NULL,"
              + " deadline_ms INTEGER NOT NULL)",
          "CREATE INDEX IF NOT EXISTS lease_by_deadline ON lease (deadline_ms)");

  private Schema() {}

  /**
   * Makes the file a datastore if it is new, and checks that it is one otherwise. Runs in one write
   * transaction, so that processes opening a new file at once all see one schema.
   *
   * @throws DatastoreException if the file belongs to another program or a newer schema
   */
  static void ensure(StoreConnection connection, Path path) throws SQLException {
    if (connection.inReadTransaction(Schema::isCurrent)) {
      // Nothing to create: no write lock taken. Every short-lived process (a CNI plugin per
      // call) opens the store; fifty taking the write lock at once starved one of them past the
      // busy timeout, and each paid a commit.
      return;
    }
    connection.inWriteTransaction(
        c -> {
          try (Statement s = c.jdbc().createStatement()) {
            int applicationId = intQuery(s, "PRAGMA application_id");
            if (applicationId == 0) {
              if (intQuery(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'store'") == 0
                  && intQuery(s, "SELECT count(*) FROM sqlite_schema") > 0) {
                throw new DatastoreException(
                    "'" + path + "' is a SQLite database of another program, not a Gingham store");
              }
              s.execute("PRAGMA application_id = " + APPLICATION_ID);
            } else if (applicationId != APPLICATION_ID) {
              throw new DatastoreException(
                  "'"
                      + path
                      + "' is a SQLite database of another program (application id "
                      + Integer.toHexString(applicationId)
                      + "), not a Gingham store");
            }
            for (String sql : CREATE) {
              s.execute(sql);
            }
            int version = intQuery(s, "SELECT schema_version FROM store");
            if (version != VERSION) {
              throw new DatastoreException(
                  "'"
                      + path
                      + "' holds a Gingham store of schema version "
                      + version
                      + ", which this version (schema "
                      + VERSION
                      + ") cannot read");
            }
          }
          return null;
        });
  }

  /** Whether the file already holds this version's whole schema, read without a write lock. */
  private static boolean isCurrent(StoreConnection c) throws SQLException {
    try (Statement s = c.jdbc().createStatement()) {
      return intQuery(s, "PRAGMA application_id") == APPLICATION_ID
          && intQuery(
                  s,
                  "SELECT count(*) FROM sqlite_schema WHERE name IN ('store', 'kv',"
                      + " 'kv_by_lease', 'history', 'history_by_revision', 'lease',"
                      + " 'lease_by_deadline')")
              == 7
          && intQuery(s, "SELECT schema_version FROM store") == VERSION;
    }
  }

  private static int intQuery(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
