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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * What one invocation opens, each on first use and closed together: the datastore (the URI given,
 * or {@link Datastores#openDefault()}: the SQLite store at {@code /var/lib/gingham/state.db}), IPAM
 * and the resource store over it, and the dataplane ({@link Dataplanes#open()}: the kernel's).
 * Opening only what a command needs keeps DEL and VERSION fast.
 *
 * <p>Given a {@link SharedBackend} (the delegate server's), the store and dataplane come from it,
 * opened once for many invocations, and closing this backend leaves them open.
 */
final class Backend implements AutoCloseable {
  private final @Nullable String datastoreUri;
  private @Nullable Datastore store;
  private @Nullable CompletableFuture<Datastore> pending;
  private @Nullable Ipam ipam;
  private @Nullable ResourceStore resources;
  private @Nullable Dataplane dataplane;

  private final PluginLog log;
  private final @Nullable SharedBackend shared;

  Backend(@Nullable String datastoreUri, PluginLog log, @Nullable SharedBackend shared) {
    this.datastoreUri = datastoreUri;
    this.log = log;
    this.shared = shared;
  }

  /**
   * Starts opening the datastore on another thread, so that it opens while the caller opens the
   * dataplane: both are mostly class loading and native set-up, and a plugin runs once per call.
   */
  void openStoreAhead() {
    if (shared == null && store == null && pending == null) {
      pending = CompletableFuture.supplyAsync(() -> openStore(datastoreUri));
    }
  }

  /**
   * The datastore.
   *
   * @throws CniException with {@link ErrorCodes#DATASTORE} when it cannot be opened
   */
  Datastore store() {
    Datastore s = store;
    if (s == null && shared != null) {
      s = shared.store(datastoreUri, this::openStore);
      store = s;
    }
    if (s == null) {
      CompletableFuture<Datastore> p = pending;
      if (p != null) {
        pending = null;
        try {
          s = p.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      } else {
        s = openStore(datastoreUri);
      }
      store = s;
    }
    return s;
  }

  private Datastore openStore(@Nullable String datastoreUri) {
    long t0 = System.nanoTime();
    try {
      Datastore s = datastoreUri == null ? Datastores.openDefault() : Datastores.open(datastoreUri);
      log.debug("datastore opened in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      return s;
    } catch (RuntimeException e) {
      throw new CniException(
          ErrorCodes.DATASTORE,
          "cannot open the datastore "
              + (datastoreUri == null ? "(the default)" : datastoreUri)
              + ": "
              + e.getMessage(),
          e);
    }
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
    if (d == null && shared != null) {
      d = shared.dataplane(this::openDataplane);
      dataplane = d;
    }
    if (d == null) {
      d = openDataplane();
      dataplane = d;
    }
    return d;
  }

  private Dataplane openDataplane() {
    long t0 = System.nanoTime();
    try {
      Dataplane d = Dataplanes.open();
      log.debug(d.name() + " dataplane opened in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      return d;
    } catch (RuntimeException e) {
      throw new CniException(
          ErrorCodes.DATAPLANE, "cannot open the dataplane: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (shared != null) {
      // The shared store and dataplane outlive the invocation; the server closes them.
      return;
    }
    Dataplane d = dataplane;
    CompletableFuture<Datastore> p = pending;
    if (p != null) {
      pending = null;
      try {
        store = p.join();
      } catch (CompletionException e) {
        // it did not open: nothing to close
      }
    }
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
