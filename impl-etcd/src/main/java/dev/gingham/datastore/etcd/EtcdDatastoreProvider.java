package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreProvider;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code etcd://} and {@code etcds://} stores; found by {@link java.util.ServiceLoader}. It
 * offers no default store: a cluster's etcd has to be named.
 */
public final class EtcdDatastoreProvider implements DatastoreProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public EtcdDatastoreProvider() {}

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public Set<String> schemes() {
    return EtcdOptions.SCHEMES;
  }

  /**
   * Opens a store; see {@link EtcdDatastore#open(URI)}, and {@link EtcdOptions} for the URI's form
   * and options.
   */
  @Override
  public Datastore open(URI uri) {
    return EtcdDatastore.open(uri);
  }
}
