package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreProvider;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Opens {@code sqlite:} stores; found by {@link java.util.ServiceLoader}. Offers {@value
 * #DEFAULT_URI_TEXT} as the default store on one machine, ahead of the in-memory store, because it
 * keeps state across restarts and is shared by the CNI plugin and the node agent.
 */
public final class SqliteDatastoreProvider implements DatastoreProvider {
  /** The file the default store lives in. */
  public static final String DEFAULT_URI_TEXT = "sqlite:/var/lib/gingham/state.db";

  /** The default priority: above the in-memory store's, so that a durable store wins. */
  public static final int DEFAULT_PRIORITY = 100;

  /** Called by {@link java.util.ServiceLoader}. */
  public SqliteDatastoreProvider() {}

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("sqlite");
  }

  @Override
  public Optional<URI> defaultUri() {
    return Optional.of(URI.create(DEFAULT_URI_TEXT));
  }

  @Override
  public int defaultPriority() {
    return DEFAULT_PRIORITY;
  }

  /**
   * Opens a store; see {@link SqliteOptions} for the URI's form and options.
   *
   * @throws IllegalArgumentException if the URI or an option is bad, before any file is touched
   */
  @Override
  public Datastore open(URI uri) {
    return SqliteDatastore.open(uri);
  }
}
