package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.datastore.base.DatastoreArguments;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded datastore: one SQLite file in WAL mode, shared safely by every process that opens
 * it. CNI plugin invocations (short-lived processes) and the node agent (a long-lived one) write
 * the same file; each write transaction takes SQLite's write lock up front ({@code BEGIN
 * IMMEDIATE}), so compare-and-swap holds across processes, and a process killed at any instant
 * leaves every committed write in place and nothing of an uncommitted one.
 *
 * <p>Watches see every process's writes: a poller reads the history table when {@code PRAGMA
 * data_version} says another connection committed (see {@link WatchFeed}). Leases have wall-clock
 * deadlines in the file; any process that has the store open ends those that expire (see {@link
 * LeaseSweeper}). History is compacted automatically to the last {@code history} revisions.
 *
 * <p>Open one with {@code Datastores.open("sqlite:/var/lib/gingham/state.db")}; the options are
 * described in {@link SqliteOptions}. Thread-safe.
 */
public final class SqliteDatastore implements Datastore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatastore.class);

  /** How many read connections one store opens at most. */
  private static final int READERS = 4;

  private final SqliteOptions options;
  private final Clock clock;
  private final Writer writer;
  private final ReadPool reads;
  private final WatchFeed feed;
  private final Leases leases;
  private final LeaseSweeper sweeper;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteDatastore(
      SqliteOptions options, Clock clock, Writer writer, ConnectionFactory factory) {
    this.options = options;
    this.clock = clock;
    this.writer = writer;
    this.reads = new ReadPool(factory, READERS, options.busy());
    this.feed = new WatchFeed(factory, reads, options.watchQueue(), options.poll());
    this.leases = new Leases(writer, reads, clock, options.history(), feed::wake);
    this.sweeper = new LeaseSweeper(leases, options.path());
  }

  /**
   * Opens the store a {@code sqlite:} URI names, creating the file and its folder if missing.
   *
   * @throws IllegalArgumentException if the URI or an option is bad; no file is touched then
   * @throws DatastoreUnavailableException if the file cannot be created, opened or locked
   * @throws DatastoreException if the file is not a Gingham store
   */
  public static SqliteDatastore open(URI uri) {
    return open(SqliteOptions.parse(uri), Clock.systemUTC());
  }

  static SqliteDatastore open(SqliteOptions options, Clock clock) {
    Path path = options.path();
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new DatastoreUnavailableException(
          "cannot create the folder of SQLite datastore '" + path + "': " + e, e);
    }
    ConnectionFactory factory = new ConnectionFactory(options);
    StoreConnection connection;
    try {
      connection = factory.openWriter();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, path, options.busy(), "open");
    }
    try {
      Schema.ensure(connection, path);
    } catch (SQLException e) {
      connection.close();
      throw SqlErrors.translate(e, path, options.busy(), "open");
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    SqliteDatastore store =
        new SqliteDatastore(options, clock, new Writer(connection, path, options.busy()), factory);
    store.sweeper.start();
    LOG.debug(
        "Opened SQLite datastore '{}' (sync={}, busy={}ms, history={}, poll={}ms)",
        path,
        options.sync(),
        options.busy().toMillis(),
        options.history(),
        options.poll().toMillis());
    return store;
  }

  /** The database file. */
  public Path path() {
    return options.path();
  }

  @Override
  public URI uri() {
    return options.uri();
  }

  @Override
  public long currentRevision() {
    ensureOpen();
    return reads.read("read of the revision", null, c -> c.state().revision());
  }

  /** {@code SQLite <library version>, schema <this store's schema>}. */
  @Override
  public Optional<String> serverVersion() {
    ensureOpen();
    return Optional.of(
        reads.read(
            "read of the SQLite version",
            null,
            c -> "SQLite " + c.sqliteVersion() + ", schema " + Schema.VERSION));
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Keys.requireValid(key);
    ensureOpen();
    byte[] bytes = Keys.utf8(key);
    return Optional.ofNullable(reads.read("get", key, c -> c.get(bytes)));
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    DatastoreArguments.requireList(prefix, startAfter, limit);
    ensureOpen();
    byte[] start = Keys.utf8(prefix);
    byte[] end = KeyRange.end(start);
    byte[] after = Keys.utf8(startAfter);
    // Start the scan at whichever bound is later, so that paging deep into a prefix stays cheap.
    boolean exclusive = !startAfter.isEmpty() && Arrays.compareUnsigned(after, start) >= 0;
    byte[] from = exclusive ? after : start;
    return reads.read(
        "list",
        prefix,
        c -> {
          long revision = c.state().revision();
          List<KeyValue> items = c.range(from, exclusive, end, limit + 1);
          boolean more = items.size() > limit;
          return new Page(more ? items.subList(0, limit) : items, revision, more);
        });
  }

  @Override
  public TxnResult txn(Txn txn) {
    if (txn == null) {
      throw new IllegalArgumentException("txn must not be null");
    }
    ensureOpen();
    String key = DatastoreArguments.firstKey(txn);
    if (!txn.writes()) {
      return reads.read("read-only transaction", key, c -> TxnExecutor.read(c, txn));
    }
    TxnResult result;
    try {
      result =
          writer.write(
              "transaction",
              key,
              c -> TxnExecutor.write(c, txn, clock.millis(), options.history()));
    } catch (LeaseExpiredException e) {
      // Nothing was written. The lease is past its deadline; end it now rather than at the next
      // sweep, so that its keys are gone as the exception says.
      leases.expireIfDue(e.leaseId());
      throw e;
    }
    feed.wake();
    return result;
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    ensureOpen();
    return feed.register(prefix, fromRevision, listener);
  }

  @Override
  public Lease grantLease(Duration ttl) {
    ensureOpen();
    return leases.grant(ttl);
  }

  @Override
  public void compact(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("compaction revision must be >= 0, was " + revision);
    }
    ensureOpen();
    writer.write(
        "compaction to revision " + revision,
        null,
        c -> {
          StoreState state = c.state();
          if (revision > state.revision()) {
            throw new IllegalArgumentException(
                "cannot compact to revision "
                    + revision
                    + ": it is in the future (current revision "
                    + state.revision()
                    + ")");
          }
          if (revision > state.compacted()) {
            c.compact(revision);
          }
          return null;
        });
  }

  @Override
  public long oldestRevision() {
    ensureOpen();
    return reads.read("read of the oldest revision", null, c -> c.state().oldestRevision());
  }

  /** Stops the watch poller and lease sweeper, ends the watches and closes the connections. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweeper.close();
    feed.close();
    reads.close();
    writer.close();
    LOG.debug("Closed SQLite datastore '{}'", options.path());
  }

  @Override
  public String toString() {
    return "SqliteDatastore{" + options.path() + '}';
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("SQLite datastore '" + options.path() + "' is closed");
    }
  }
}
