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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
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
  private @Nullable Opening<Datastore> pending;
  private @Nullable Ipam ipam;
  private @Nullable ResourceStore resources;
  private @Nullable Dataplane dataplane;

  private @Nullable Opening<Dataplane> dataplaneAhead;
  private @Nullable StoreAhead storeAhead;

  private final PluginLog log;
  private final @Nullable SharedBackend shared;

  Backend(@Nullable String datastoreUri, PluginLog log, @Nullable SharedBackend shared) {
    this(datastoreUri, log, shared, null, null);
  }

  /**
   * A backend that takes over what {@link Skel} started opening before it read the configuration
   * (closing it with itself): a dataplane, and a store, which it uses only if it is the one {@code
   * datastoreUri} names and otherwise closes.
   */
  Backend(
      @Nullable String datastoreUri,
      PluginLog log,
      @Nullable SharedBackend shared,
      @Nullable Opening<Dataplane> dataplaneAhead,
      @Nullable StoreAhead storeAhead) {
    this.datastoreUri = datastoreUri;
    this.log = log;
    this.shared = shared;
    this.dataplaneAhead = dataplaneAhead;
    this.storeAhead = storeAhead;
  }

  /** Starts opening the kernel's dataplane on another thread. */
  static Opening<Dataplane> openDataplaneAhead() {
    return Opening.start("linux dataplane", Backend::openDataplane, Dataplane::close);
  }

  /**
   * A datastore opening before the configuration is read whole, on the word of {@link
   * dev.gingham.cni.config.DatastoreProbe}: the URI it was opened for, and the opening.
   *
   * @param uri the URI the probe found, never null: the default store is not opened ahead
   */
  record StoreAhead(String uri, Opening<Datastore> opening) {}

  /**
   * Starts opening the store at {@code uri} on another thread, if that changes nothing on the node
   * should the configuration turn out to be invalid: only an SQLite store whose file exists
   * (opening one that does not would create it). Anything else opens once the configuration is
   * read.
   *
   * @return the opening, or null when the store is left to open later
   */
  static @Nullable StoreAhead openStoreAhead(@Nullable String uri, PluginLog log) {
    if (uri == null || !existingSqliteFile(uri)) {
      return null;
    }
    return new StoreAhead(
        uri, Opening.start("datastore", () -> openStore(uri, log), Datastore::close));
  }

  private static boolean existingSqliteFile(String uri) {
    try {
      URI u = new URI(uri);
      String path = u.getPath();
      return "sqlite".equalsIgnoreCase(u.getScheme())
          && path != null
          && path.startsWith("/")
          && Files.isRegularFile(Path.of(path));
    } catch (URISyntaxException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Starts opening the datastore on another thread, so that it opens while the caller opens the
   * dataplane: both are mostly class loading and native set-up, and a plugin runs once per call.
   */
  void openStoreAhead() {
    if (shared == null && store == null && pending == null && !adoptStoreAhead()) {
      String uri = datastoreUri;
      pending = Opening.start("datastore", () -> openStore(uri, log), Datastore::close);
    }
  }

  /** Takes the store opened ahead as {@link #pending} if it is the one named; whether it was. */
  private boolean adoptStoreAhead() {
    StoreAhead a = storeAhead;
    if (a == null) {
      return false;
    }
    storeAhead = null;
    if (Objects.equals(a.uri(), datastoreUri)) {
      pending = a.opening();
      return true;
    }
    // The probe and the full reading disagree: the full reading wins.
    a.opening().discard();
    return false;
  }

  /**
   * The datastore.
   *
   * @throws CniException with {@link ErrorCodes#DATASTORE} when it cannot be opened
   */
  Datastore store() {
    Datastore s = store;
    if (s == null && shared != null) {
      s = shared.store(datastoreUri, uri -> openStore(uri, log));
      store = s;
    }
    if (s == null) {
      if (pending == null) {
        adoptStoreAhead();
      }
      Opening<Datastore> p = pending;
      if (p != null) {
        pending = null;
        s = p.join(log);
      } else {
        s = openStore(datastoreUri, log);
      }
      store = s;
    }
    return s;
  }

  private static Datastore openStore(@Nullable String datastoreUri, PluginLog log) {
    long t0 = System.nanoTime();
    try {
      Datastore s =
          EtcdClassPath.opening(
              datastoreUri,
              () ->
                  datastoreUri == null ? Datastores.openDefault() : Datastores.open(datastoreUri));
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
      Opening<Dataplane> a = dataplaneAhead;
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
    Opening<Dataplane> a = dataplaneAhead;
    if (a != null) {
      dataplaneAhead = null;
      a.discard();
    }
    StoreAhead sa = storeAhead;
    if (sa != null) {
      storeAhead = null;
      sa.opening().discard();
    }
    Opening<Datastore> p = pending;
    if (p != null) {
      pending = null;
      p.discard();
    }
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
