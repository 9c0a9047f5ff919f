package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.tck.ForwardingDatastore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store with a competing writer in front of it: just before each of the first {@code times}
 * transactions that compare one key, the writer rewrites that key with its own value, so that the
 * transaction's compare fails exactly as it would when another host wins the race. Everything else
 * goes straight to the store.
 */
final class InterferingDatastore extends ForwardingDatastore {
  private final String key;
  private final AtomicInteger left;
  private final AtomicInteger done = new AtomicInteger();

  InterferingDatastore(Datastore store, String key, int times) {
    super(store);
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
      delegate.get(key).ifPresent(kv -> delegate.put(key, kv.value()));
      done.incrementAndGet();
    }
    return delegate.txn(txn);
  }

  @Override
  public void close() {
    // The test closes the store it wraps.
  }
}
