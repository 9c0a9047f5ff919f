package dev.gingham.datastore.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One JDBC connection to the store's file, with its prepared statements and the typed queries of
 * the {@link Schema}. Not thread-safe: a connection is used by one thread at a time (the writer
 * under its lock, a reader while borrowed from the pool, the watch poller on its own thread).
 *
 * <p>Transactions are begun and ended with SQL ({@code BEGIN IMMEDIATE}, {@code BEGIN}, {@code
 * COMMIT}, {@code ROLLBACK}) on a connection in JDBC auto-commit mode, so that the driver never
 * opens a transaction, and so never holds a lock, between two of ours.
 */
final class StoreConnection implements AutoCloseable {
  private static final String KV_COLUMNS =
      "key, value, create_revision, mod_revision, version, lease";

  private final Connection jdbc;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  StoreConnection(Connection jdbc) {
    this.jdbc = jdbc;
  }

  Connection jdbc() {
    return jdbc;
  }

  /**
   * Runs work in a write transaction. {@code BEGIN IMMEDIATE} takes the database's write lock up
   * front, waiting up to the busy timeout for another process to release it: a transaction that
   * read first and upgraded later could deadlock with another process doing the same.
   */
  <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
    return inTransaction("BEGIN IMMEDIATE", work);
  }

  /** Runs work in a read transaction: every query of it sees one snapshot of the database. */
  <T> T inReadTransaction(SqlWork<T> work) throws SQLException {
    return inTransaction("BEGIN", work);
  }

  private <T> T inTransaction(String begin, SqlWork<T> work) throws SQLException {
    statement(begin).execute();
    boolean done = false;
    try {
      T result = work.run(this);
      statement("COMMIT").execute();
      done = true;
      return result;
    } finally {
      if (!done) {
        rollbackQuietly();
      }
    }
  }

  private void rollbackQuietly() {
    try {
      statement("ROLLBACK").execute();
    } catch (SQLException | RuntimeException e) {
      // The transaction is already gone: SQLite ends it by itself on some errors.
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = jdbc.createStatement()) {
      s.execute(sql);
    }
  }

  /** {@code PRAGMA data_version}: changes when another connection commits. */
  long dataVersion() throws SQLException {
    try (ResultSet rs = statement("PRAGMA data_version").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The version of the SQLite library behind this connection. */
  String sqliteVersion() throws SQLException {
    try (ResultSet rs = statement("SELECT sqlite_version()").executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  StoreState state() throws SQLException {
    try (ResultSet rs = statement("SELECT revision, compacted FROM store").executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the store table has no row");
      }
      return new StoreState(rs.getLong(1), rs.getLong(2));
    }
  }

  void setRevision(long revision) throws SQLException {
    PreparedStatement ps = statement("UPDATE store SET revision = ?");
    ps.setLong(1, revision);
    ps.executeUpdate();
  }

  /** The key as stored, or null when absent. */
  @Nullable KeyValue get(byte[] key) throws SQLException {
    PreparedStatement ps = statement("SELECT " + KV_COLUMNS + " FROM kv WHERE key = ?");
    ps.setBytes(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? keyValue(rs) : null;
    }
  }

  /** The key's modification revision, 0 when absent. */
  long modRevision(byte[] key) throws SQLException {
    PreparedStatement ps = statement("SELECT mod_revision FROM kv WHERE key = ?");
    ps.setBytes(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Keys in {@code [from, end)} in byte order, or in {@code (from, end)} when {@code exclusive}.
   */
  List<KeyValue> range(byte[] from, boolean exclusive, byte[] end, int limit) throws SQLException {
    PreparedStatement ps =
        statement(
            "SELECT "
                + KV_COLUMNS
                + " FROM kv WHERE key "
                + (exclusive ? ">" : ">=")
                + " ? AND key < ? ORDER BY key LIMIT ?");
    ps.setBytes(1, from);
    ps.setBytes(2, end);
    ps.setInt(3, limit);
    List<KeyValue> items = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        items.add(keyValue(rs));
      }
    }
    return items;
  }

  /** Writes a key at a revision, with its history row. */
  void put(byte[] key, byte[] value, long revision, long lease) throws SQLException {
    PreparedStatement upsert =
        statement(
            "INSERT INTO kv (key, value, create_revision, mod_revision, version, lease)"
                + " VALUES (?, ?, ?, ?, 1, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                + " mod_revision = excluded.mod_revision, version = version + 1,"
                + " lease = excluded.lease");
    upsert.setBytes(1, key);
    upsert.setBytes(2, value);
    upsert.setLong(3, revision);
    upsert.setLong(4, revision);
    upsert.setLong(5, lease);
    upsert.executeUpdate();
    // Copied inside SQLite, so a large value crosses from Java once.
    PreparedStatement history =
        statement(
            "INSERT INTO history (revision, key, deleted, value, create_revision, version, lease)"
                + " SELECT mod_revision, key, 0, value, create_revision, version, lease"
                + " FROM kv WHERE key = ?");
    history.setBytes(1, key);
    history.executeUpdate();
  }

  /**
   * Deletes a key at a revision, with its history row.
   *
   * @return whether the key existed
   */
  boolean delete(byte[] key, long revision) throws SQLException {
    PreparedStatement ps = statement("DELETE FROM kv WHERE key = ?");
    ps.setBytes(1, key);
    if (ps.executeUpdate() == 0) {
      return false;
    }
    PreparedStatement history =
        statement("INSERT INTO history (revision, key, deleted) VALUES (?, ?, 1)");
    history.setLong(1, revision);
    history.setBytes(2, key);
    history.executeUpdate();
    return true;
  }

  /** Forgets history up to and including a revision. */
  void compact(long upTo) throws SQLException {
    PreparedStatement delete = statement("DELETE FROM history WHERE revision <= ?");
    delete.setLong(1, upTo);
    delete.executeUpdate();
    PreparedStatement update = statement("UPDATE store SET compacted = ?");
    update.setLong(1, upTo);
    update.executeUpdate();
  }

  /**
   * The events of revisions {@code from..to} (inclusive) for keys in {@code [start, end)}, in
   * revision order and, within a revision, in the order they were written.
   */
  List<WatchEvent> history(long from, long to, byte[] start, byte[] end, int limit)
      throws SQLException {
    PreparedStatement ps =
        statement(
            "SELECT revision, key, deleted, value, create_revision, version, lease FROM history"
                + " WHERE revision >= ? AND revision <= ? AND key >= ? AND key < ?"
                + " ORDER BY revision, id LIMIT ?");
    ps.setLong(1, from);
    ps.setLong(2, to);
    ps.setBytes(3, start);
    ps.setBytes(4, end);
    ps.setInt(5, limit);
    List<WatchEvent> events = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long revision = rs.getLong(1);
        String key = new String(rs.getBytes(2), UTF_8);
        if (rs.getInt(3) != 0) {
          events.add(new WatchEvent.Delete(key, revision));
        } else {
          events.add(
              new WatchEvent.Put(
                  KeyValue.wrap(
                      key,
                      bytes(rs.getBytes(4)),
                      rs.getLong(5),
                      revision,
                      rs.getLong(6),
                      rs.getLong(7))));
        }
      }
    }
    return events;
  }

  /** Adds a lease and returns its id, taken from the store's lease counter. */
  long grantLease(long ttlMillis, long deadlineMillis) throws SQLException {
    long id;
    try (ResultSet rs = statement("SELECT next_lease FROM store").executeQuery()) {
      rs.next();
      id = rs.getLong(1);
    }
    PreparedStatement next = statement("UPDATE store SET next_lease = ?");
    next.setLong(1, id + 1);
    next.executeUpdate();
    PreparedStatement insert =
        statement("INSERT INTO lease (id, ttl_ms, deadline_ms) VALUES (?, ?, ?)");
    insert.setLong(1, id);
    insert.setLong(2, ttlMillis);
    insert.setLong(3, deadlineMillis);
    insert.executeUpdate();
    return id;
  }

  /** The lease's deadline in wall-clock milliseconds, or -1 when there is no such lease. */
  long leaseDeadline(long id) throws SQLException {
    PreparedStatement ps = statement("SELECT deadline_ms FROM lease WHERE id = ?");
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /** Moves a lease's deadline to {@code now + ttl}. */
  void renewLease(long id, long nowMillis) throws SQLException {
    PreparedStatement ps = statement("UPDATE lease SET deadline_ms = ? + ttl_ms WHERE id = ?");
    ps.setLong(1, nowMillis);
    ps.setLong(2, id);
    ps.executeUpdate();
  }

  /**
   * Deletes a lease's keys at a revision, with a delete event for each in key order, and the lease.
   *
   * @return how many keys were deleted
   */
  int endLease(long id, long revision) throws SQLException {
    PreparedStatement history =
        statement(
            "INSERT INTO history (revision, key, deleted)"
                + " SELECT ?, key, 1 FROM kv WHERE lease = ? ORDER BY key");
    history.setLong(1, revision);
    history.setLong(2, id);
    int deleted = history.executeUpdate();
    if (deleted > 0) {
      PreparedStatement keys = statement("DELETE FROM kv WHERE lease = ?");
      keys.setLong(1, id);
      keys.executeUpdate();
    }
    PreparedStatement lease = statement("DELETE FROM lease WHERE id = ?");
    lease.setLong(1, id);
    lease.executeUpdate();
    return deleted;
  }

  /** Leases whose deadline is at or before {@code now}, earliest first. */
  List<Long> expiredLeases(long nowMillis, int limit) throws SQLException {
    PreparedStatement ps =
        statement("SELECT id FROM lease WHERE deadline_ms <= ? ORDER BY deadline_ms LIMIT ?");
    ps.setLong(1, nowMillis);
    ps.setInt(2, limit);
    List<Long> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  /** The earliest lease deadline, or {@link Long#MAX_VALUE} when there is no lease. */
  long earliestDeadline() throws SQLException {
    try (ResultSet rs = statement("SELECT min(deadline_ms) FROM lease").executeQuery()) {
      if (rs.next()) {
        long min = rs.getLong(1);
        return rs.wasNull() ? Long.MAX_VALUE : min;
      }
      return Long.MAX_VALUE;
    }
  }

  private PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = jdbc.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  private static KeyValue keyValue(ResultSet rs) throws SQLException {
    return KeyValue.wrap(
        new String(rs.getBytes(1), UTF_8),
        bytes(rs.getBytes(2)),
        rs.getLong(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6));
  }

  private static byte[] bytes(byte @Nullable [] blob) {
    // The driver reads a zero-length BLOB as null.
    return blob == null ? new byte[0] : blob;
  }

  /** Closes the statements and the connection; never throws. */
  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // Closing anyway.
      }
    }
    statements.clear();
    try {
      jdbc.close();
    } catch (SQLException e) {
      // Nothing to do about it.
    }
  }
}
