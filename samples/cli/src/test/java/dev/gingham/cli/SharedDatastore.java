package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchListener;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A store that commands share: closing it does nothing, so that each command's try-with-resources
 * leaves it open for the next. An in-memory store is private to its opener, so in-process runs of
 * several commands hand them this instead of opening {@code memory:} each time.
 */
final class SharedDatastore implements Datastore {
  private final Datastore store;

  SharedDatastore(Datastore store) {
    this.store = store;
  }

  @Override
  public URI uri() {
    return store.uri();
  }

  @Override
  public long currentRevision() {
    return store.currentRevision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return store.get(key);
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    return store.list(prefix, startAfter, limit);
  }

  @Override
  public TxnResult txn(Txn txn) {
    return store.txn(txn);
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    return store.watch(prefix, fromRevision, listener);
  }

  @Override
  public Lease grantLease(Duration ttl) {
    return store.grantLease(ttl);
  }

  @Override
  public void compact(long revision) {
    store.compact(revision);
  }

  @Override
  public long oldestRevision() {
    return store.oldestRevision();
  }

  @Override
  public void close() {
    // shared: the test closes the store underneath
  }
}
