package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.tck.ForwardingDatastore;

/**
 * A store that commands share: closing it does nothing, so that each command's try-with-resources
 * leaves it open for the next. An in-memory store is private to its opener, so in-process runs of
 * several commands hand them this instead of opening {@code memory:} each time.
 */
final class SharedDatastore extends ForwardingDatastore {
  SharedDatastore(Datastore store) {
    super(store);
  }

  @Override
  public void close() {
    // shared: the test closes the store underneath
  }
}
