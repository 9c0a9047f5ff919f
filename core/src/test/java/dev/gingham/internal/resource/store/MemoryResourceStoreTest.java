package dev.gingham.internal.resource.store;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;

/** The resource store's contract on the in-memory store. */
class MemoryResourceStoreTest extends ResourceStoreContract {
  @Override
  protected Datastore newStore() {
    return Datastores.open("memory:");
  }
}
