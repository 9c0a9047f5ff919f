package dev.gingham.cni.plugin;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.datastore.Datastore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The datastores and the dataplane a long-running process (the delegate server) keeps open for the
 * invocations it runs: one store per datastore URI a configuration names (the default store under
 * the key of the URI given at construction, or {@code Datastores.openDefault()}'s), and one
 * dataplane. Each is opened by the first invocation that needs it; one that fails to open is not
 * kept, so the next invocation tries again. Thread-safe; {@link #close()} closes everything.
 */
public final class SharedBackend implements AutoCloseable {
  private final @Nullable String defaultUri;
  private final Map<String, Datastore> stores = new HashMap<>();
  private @Nullable Dataplane dataplane;
  private boolean closed;

  private SharedBackend(@Nullable String defaultUri) {
    this.defaultUri = defaultUri;
  }

  /**
   * A shared backend.
   *
   * @param defaultUri the store for configurations that name none; null for the default SQLite
   *     store, as the plugins use
   */
  public static SharedBackend create(@Nullable String defaultUri) {
    return new SharedBackend(defaultUri);
  }

  /**
   * The datastore for a configuration's URI (null: this backend's default), opened with {@code
   * opener} given the URI to open (null: the default SQLite store).
   */
  synchronized Datastore store(@Nullable String uri, Function<@Nullable String, Datastore> opener) {
    requireOpen();
    @Nullable String effective = uri != null ? uri : defaultUri;
    String key = effective != null ? effective : "";
    Datastore s = stores.get(key);
    if (s == null) {
      s = opener.apply(effective);
      stores.put(key, s);
    }
    return s;
  }

  /** The dataplane, opened with {@code opener}. */
  synchronized Dataplane dataplane(Supplier<Dataplane> opener) {
    requireOpen();
    Dataplane d = dataplane;
    if (d == null) {
      d = opener.get();
      dataplane = d;
    }
    return d;
  }

  /** The store URI for configurations that name none, or null for the default SQLite store. */
  public @Nullable String defaultUri() {
    return defaultUri;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the shared backend is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> all = new ArrayList<>(stores.values());
    if (dataplane != null) {
      all.add(dataplane);
    }
    RuntimeException failure = null;
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("cannot close " + c, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
