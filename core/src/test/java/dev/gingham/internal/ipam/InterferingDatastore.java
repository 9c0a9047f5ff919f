package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Compare;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store with a competing writer in front of it: just before each of the first {@code times}
 * transactions that compare one key, the writer rewrites that key with its own value, so that the
 * transaction's compare fails exactly as it would when another host wins the race. Everything else
 * goes straight to the store.
 */
final class InterferingDatastore implements Datastore {
  private final Datastore store;
  private final String key;
  private final AtomicInteger left;
  private final AtomicInteger done = new AtomicInteger();

  InterferingDatastore(Datastore store, String key, int times) {
    this.store = store;
    this.key = key;
    this.left = new AtomicInteger(times);
  }

  /** How many times the writer got in first. */
  int interferences() {
    return done.get();
  }

  @Override
  public TxnResult txn(Txn txn) {
    boolean compares = false;
    for (Compare c : txn.compares()) {
      compares |= c.key().equals(key);
    }
    if (compares && left.getAndDecrement() > 0) {
      store.get(key).ifPresent(kv -> store.put(key, kv.value()));
      done.incrementAndGet();
    }
    return store.txn(txn);
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
  public Optional<KeyValue> get(String k) {
    return store.get(k);
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    return store.list(prefix, startAfter, limit);
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
    // The test closes the store it wraps.
  }
}
