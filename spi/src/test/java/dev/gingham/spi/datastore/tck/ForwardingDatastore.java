package dev.gingham.spi.datastore.tck;

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
 * A store that hands every call to another: for tests that put something in front of a real store
 * (a competing writer, a store that several commands share) and override only what they change.
 * Thread-safe when the store it wraps is.
 */
public class ForwardingDatastore implements Datastore {
  /** The store every call goes to. */
  protected final Datastore delegate;

  public ForwardingDatastore(Datastore delegate) {
    this.delegate = delegate;
  }

  @Override
  public URI uri() {
    return delegate.uri();
  }

  @Override
  public Optional<String> serverVersion() {
    return delegate.serverVersion();
  }

  @Override
  public long currentRevision() {
    return delegate.currentRevision();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return delegate.get(key);
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    return delegate.list(prefix, startAfter, limit);
  }

  @Override
  public TxnResult txn(Txn txn) {
    return delegate.txn(txn);
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    return delegate.watch(prefix, fromRevision, listener);
  }

  @Override
  public Lease grantLease(Duration ttl) {
    return delegate.grantLease(ttl);
  }

  @Override
  public void compact(long revision) {
    delegate.compact(revision);
  }

  @Override
  public long oldestRevision() {
    return delegate.oldestRevision();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
