package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.resource.ResourceStore;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import org.jspecify.annotations.Nullable;

/**
 * What one invocation opens, each on first use and closed together: the datastore (the URI given,
 * or {@link Datastores#openDefault()}: the SQLite store at {@code /var/lib/gingham/state.db}), IPAM
 * and the resource store over it, and the dataplane ({@link Dataplanes#open()}: the kernel's).
 * Opening only what a command needs keeps DEL and VERSION fast.
 */
final class Backend implements AutoCloseable {
  private final @Nullable String datastoreUri;
  private @Nullable Datastore store;
  private @Nullable Ipam ipam;
  private @Nullable ResourceStore resources;
  private @Nullable Dataplane dataplane;

  Backend(@Nullable String datastoreUri) {
    this.datastoreUri = datastoreUri;
  }

  /**
   * The datastore.
   *
   * @throws CniException with {@link ErrorCodes#DATASTORE} when it cannot be opened
   */
  Datastore store() {
    Datastore s = store;
    if (s == null) {
      try {
        s = datastoreUri == null ? Datastores.openDefault() : Datastores.open(datastoreUri);
      } catch (RuntimeException e) {
        throw new CniException(
            ErrorCodes.DATASTORE,
            "cannot open the datastore "
                + (datastoreUri == null ? "(the default)" : datastoreUri)
                + ": "
                + e.getMessage(),
            e);
      }
      store = s;
    }
    return s;
  }

  Ipam ipam() {
    Ipam i = ipam;
    if (i == null) {
      i = Ipams.create(store());
      ipam = i;
    }
    return i;
  }

  ResourceStore resources() {
    ResourceStore r = resources;
    if (r == null) {
      r = Resources.store(store());
      resources = r;
    }
    return r;
  }

  Dataplane dataplane() {
    Dataplane d = dataplane;
    if (d == null) {
      try {
        d = Dataplanes.open();
      } catch (RuntimeException e) {
        throw new CniException(
            ErrorCodes.DATAPLANE, "cannot open the dataplane: " + e.getMessage(), e);
      }
      dataplane = d;
    }
    return d;
  }

  @Override
  public void close() {
    Dataplane d = dataplane;
    Datastore s = store;
    try {
      if (d != null) {
        d.close();
      }
    } finally {
      if (s != null) {
        s.close();
      }
    }
  }
}
