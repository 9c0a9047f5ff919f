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

  private @Nullable Ahead dataplaneAhead;

  private final PluginLog log;
  private final @Nullable SharedBackend shared;

  Backend(@Nullable String datastoreUri, PluginLog log, @Nullable SharedBackend shared) {
    this(datastoreUri, log, shared, null);
  }

  /** A backend that takes over a dataplane being opened ahead (closing it with itself), or none. */
  Backend(
      @Nullable String datastoreUri,
      PluginLog log,
      @Nullable SharedBackend shared,
      @Nullable Ahead dataplaneAhead) {
    this.datastoreUri = datastoreUri;
    this.log = log;
    this.shared = shared;
    this.dataplaneAhead = dataplaneAhead;
  }

  /**
   * A dataplane opening on another thread before a backend exists: {@link Skel} starts it before it
   * parses the configuration (mostly the class loading of Jackson), so that both use a core. Handed
   * to a backend, or {@link #discard() discarded} when the invocation fails first.
   */
  static final class Ahead {
    private final CompletableFuture<Dataplane> opening;
    private final long started = System.nanoTime();

    private Ahead(CompletableFuture<Dataplane> opening) {
      this.opening = opening;
    }

    /** The dataplane, once open; its failure as the {@link CniException} it was. */
    Dataplane join(PluginLog log) {
      long t0 = System.nanoTime();
      try {
        Dataplane d = opening.join();
        log.debug(
            d.name()
                + " dataplane opened ahead in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms, waited "
                + (System.nanoTime() - t0) / 1_000_000
                + " ms for it");
        return d;
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    /** Closes the dataplane if it opened; for an invocation that ended before using it. */
    void discard() {
      try {
        opening.join().close();
      } catch (CompletionException e) {
        // it did not open: nothing to close
      }
    }
  }

  /** Starts opening the kernel's dataplane on another thread. */
  static Ahead openAhead() {
    return new Ahead(CompletableFuture.supplyAsync(Backend::openDataplane));
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
      d = shared.dataplane(Backend::openDataplane);
      dataplane = d;
    }
    if (d == null && dataplaneAhead != null) {
      Ahead a = dataplaneAhead;
      dataplaneAhead = null;
      d = a.join(log);
      dataplane = d;
    }
    if (d == null) {
      long t0 = System.nanoTime();
      d = openDataplane();
      log.debug(d.name() + " dataplane opened in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      dataplane = d;
    }
    return d;
  }

  private static Dataplane openDataplane() {
    try {
      return Dataplanes.open();
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
    Ahead a = dataplaneAhead;
    if (a != null) {
      dataplaneAhead = null;
      a.discard();
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
