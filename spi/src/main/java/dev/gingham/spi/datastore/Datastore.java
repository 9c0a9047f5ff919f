package dev.gingham.spi.datastore;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A revisioned key/value store: the one place where a Gingham cluster keeps its shared state.
 *
 * <p>The model is etcd's. Every write transaction gets the next store-wide <em>revision</em>, a
 * number that only grows; every key remembers the revision that created it and the one that last
 * changed it ({@link KeyValue#modRevision()}). Writes are compare-and-swap on those revisions, so
 * that nothing is ever written from stale data; {@link #txn(Txn)} compares and writes several keys
 * at once, all or nothing. {@link #watch(String, long, WatchListener)} delivers every change under
 * a prefix in revision order, from any revision the store still remembers, and says so with a
 * {@link WatchEvent.ResyncRequired} event when it does not. {@linkplain #grantLease(Duration)
 * Leases} give keys a time to live.
 *
 * <p><b>Keys</b> are non-empty strings of at most {@value #MAX_KEY_BYTES} UTF-8 bytes; any Unicode
 * character is allowed, lone surrogates are not. Keys are ordered by their UTF-8 bytes (which is
 * code point order), the same in every implementation. <b>Values</b> are byte arrays of at most
 * {@value #MAX_VALUE_BYTES} bytes; the store keeps its own copy. A transaction holds at most
 * {@value #MAX_TXN_OPS} operations. These limits are etcd's defaults, applied by every
 * implementation, so that what works on the embedded store also works on a cluster.
 *
 * <p><b>Errors.</b> A failed compare-and-swap throws a {@link KeyExistsException} or a {@link
 * RevisionMismatchException} and writes nothing. Bad arguments throw {@link
 * IllegalArgumentException} before anything is sent. A store that cannot be reached throws {@link
 * DatastoreUnavailableException}; a write that fails that way may or may not have been applied, and
 * is never retried silently.
 *
 * <p>Implementations are thread-safe. Close a store to release its connections and threads; open
 * watches end without further events.
 */
public interface Datastore extends AutoCloseable {

  /** The most UTF-8 bytes a key may hold. */
  int MAX_KEY_BYTES = 4096;

  /** The largest value, in bytes: etcd's default request limit less room for the key. */
  int MAX_VALUE_BYTES = 1_536 * 1_024 - MAX_KEY_BYTES - 1_024;

  /** The most operations in one transaction, compares included (etcd's default). */
  int MAX_TXN_OPS = 128;

  /** The most bytes of keys and values one transaction carries (etcd's default request limit). */
  int MAX_TXN_BYTES = 1_536 * 1_024;

  /** The most keys one {@link #list(String, String, int)} call returns. */
  int MAX_PAGE_SIZE = 10_000;

  /** The page size {@link #listAll(String)} asks for. */
  int DEFAULT_PAGE_SIZE = 1_000;

  /** The URI this store was opened with, without credentials. */
  URI uri();

  /** The store's current revision: the revision of its latest write. */
  long currentRevision();

  /** The key's current value, or empty when the key does not exist. */
  Optional<KeyValue> get(String key);

  /**
   * One page of the keys under a prefix, in key order.
   *
   * @param prefix the prefix; the empty string lists every key
   * @param startAfter return only keys after this one (exclusive), or the empty string to start at
   *     the beginning
   * @param limit the most keys to return, from 1 to {@value #MAX_PAGE_SIZE}
   * @return the page, with the revision it was read at; the items of one page are a consistent
   *     snapshot at that revision
   */
  Page list(String prefix, String startAfter, int limit);

  /**
   * Every key under a prefix, read page by page.
   *
   * <p>Pages are read one after another, so a key in a later page may be newer than the first
   * page's revision; {@link Snapshot#revision()} is the <em>first</em> page's revision. A watch
   * from {@code snapshot.revision() + 1} therefore sees every change that the snapshot may have
   * missed, and applying its events in order converges on the store's state.
   */
  default Snapshot listAll(String prefix) {
    List<KeyValue> items = new ArrayList<>();
    long revision = 0;
    String after = "";
    while (true) {
      Page page = list(prefix, after, DEFAULT_PAGE_SIZE);
      if (revision == 0) {
        revision = page.revision();
      }
      items.addAll(page.items());
      if (!page.more()) {
        return new Snapshot(items, revision);
      }
      after = page.items().get(page.items().size() - 1).key();
    }
  }

  /**
   * The software that serves the store and its version, for a user to read (for example {@code etcd
   * 3.4.30} or {@code SQLite 3.46.1, schema 1}); empty for a store that has no server of its own.
   * The text has no fixed form: a program must not parse it.
   *
   * @throws DatastoreUnavailableException if the store cannot be reached
   */
  default Optional<String> serverVersion() {
    return Optional.empty();
  }

  /**
   * Runs a transaction: if every compare holds, its success operations run, otherwise its failure
   * operations; either way atomically, as one revision when anything was written.
   */
  TxnResult txn(Txn txn);

  /**
   * Watches every change under a prefix, starting at a revision.
   *
   * <p>Events arrive in revision order on a thread owned by the store, never two at once for one
   * watch; the events of one transaction share its revision and arrive in the order it wrote them.
   * Delivery is buffered in a bounded queue: a listener that falls further behind than the store
   * can hold gets a {@link WatchEvent.ResyncRequired} and the watch ends, rather than the store's
   * memory growing without limit. A listener that throws ends its watch.
   *
   * @param prefix the prefix; the empty string watches every key
   * @param fromRevision the first revision to deliver; 0 means the next write from now. A revision
   *     older than the store's history gives a {@link WatchEvent.ResyncRequired} at once.
   * @param listener receives the events
   * @return the watch; close it to stop delivery
   */
  Watch watch(String prefix, long fromRevision, WatchListener listener);

  /**
   * Grants a lease. A key written with a lease is deleted, with a delete event, when the lease
   * expires or is revoked.
   *
   * @param ttl the time to live; the store may round it up to its own minimum, which {@link
   *     Lease#ttl()} then reports
   */
  Lease grantLease(Duration ttl);

  /**
   * Forgets history up to and including a revision. Watches that need that history get a {@link
   * WatchEvent.ResyncRequired}. Compacting to a revision that is already compacted does nothing.
   *
   * @throws IllegalArgumentException if the revision is in the future
   */
  void compact(long revision);

  /** The oldest revision a new watch can start from: one past the last compaction. */
  long oldestRevision();

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();

  /**
   * Creates a key that must not exist.
   *
   * @return the key as written
   * @throws KeyExistsException if the key exists; nothing is written
   */
  default KeyValue create(String key, byte[] value) {
    return create(key, value, Lease.NONE);
  }

  /** Creates a key that must not exist, attached to a lease. */
  default KeyValue create(String key, byte[] value, long leaseId) {
    TxnResult result =
        txn(
            Txn.builder()
                .compare(Compare.modRevision(key, Compare.Operator.EQUAL, 0))
                .onSuccess(Op.put(key, value, leaseId), Op.get(key))
                .onFailure(Op.get(key))
                .build());
    if (!result.succeeded()) {
      throw new KeyExistsException(key, result.found(0).map(KeyValue::modRevision).orElse(0L));
    }
    return result.found(1).orElseThrow();
  }

  /**
   * Replaces a key's value if it is still at the revision the caller read.
   *
   * @param expectedModRevision the revision the caller read; 0 requires the key to be absent
   * @return the key as written
   * @throws RevisionMismatchException if the key changed or is gone; nothing is written
   */
  default KeyValue update(String key, byte[] value, long expectedModRevision) {
    return update(key, value, expectedModRevision, Lease.NONE);
  }

  /** Replaces a key's value and lease if it is still at the revision the caller read. */
  default KeyValue update(String key, byte[] value, long expectedModRevision, long leaseId) {
    TxnResult result =
        txn(
            Txn.builder()
                .compare(Compare.modRevision(key, Compare.Operator.EQUAL, expectedModRevision))
                .onSuccess(Op.put(key, value, leaseId), Op.get(key))
                .onFailure(Op.get(key))
                .build());
    if (!result.succeeded()) {
      throw new RevisionMismatchException(
          key, expectedModRevision, result.found(0).map(KeyValue::modRevision).orElse(0L));
    }
    return result.found(1).orElseThrow();
  }

  /** Writes a key whatever its current state. */
  default KeyValue put(String key, byte[] value) {
    TxnResult result = txn(Txn.builder().onSuccess(Op.put(key, value), Op.get(key)).build());
    return result.found(1).orElseThrow();
  }

  /**
   * Deletes a key if it is still at the revision the caller read.
   *
   * @throws RevisionMismatchException if the key changed or is gone; nothing is deleted
   */
  default void delete(String key, long expectedModRevision) {
    if (expectedModRevision <= 0) {
      throw new IllegalArgumentException(
          "expected revision of a delete must be positive, was " + expectedModRevision);
    }
    TxnResult result =
        txn(
            Txn.builder()
                .compare(Compare.modRevision(key, Compare.Operator.EQUAL, expectedModRevision))
                .onSuccess(Op.delete(key))
                .onFailure(Op.get(key))
                .build());
    if (!result.succeeded()) {
      throw new RevisionMismatchException(
          key, expectedModRevision, result.found(0).map(KeyValue::modRevision).orElse(0L));
    }
  }

  /**
   * Deletes a key whatever its current state.
   *
   * @return whether the key existed
   */
  default boolean delete(String key) {
    return txn(Txn.builder().onSuccess(Op.delete(key)).build()).deleted(0);
  }
}
