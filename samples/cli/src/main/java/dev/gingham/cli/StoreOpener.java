package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import org.jspecify.annotations.Nullable;

/**
 * Opens the datastore a command works on. {@link #DEFAULT} opens the URI given, else what {@code
 * GINGHAM_DATASTORE} names, else the embedded SQLite store; a host that runs commands in process (a
 * test, an embedding program) gives its own, for example to share one in-memory store between
 * commands.
 */
@FunctionalInterface
public interface StoreOpener {

  /** Opens the URI with {@link Datastores#open(String)}, or {@link Datastores#openDefault()}. */
  StoreOpener DEFAULT = uri -> uri == null ? Datastores.openDefault() : Datastores.open(uri);

  /**
   * Opens a store; the caller closes it.
   *
   * @param uri the {@code --datastore} URI, or null when none was given
   * @throws IllegalArgumentException if the URI is malformed or names no known scheme
   * @throws dev.gingham.spi.datastore.DatastoreException if the store cannot be reached
   */
  Datastore open(@Nullable String uri);
}
