package dev.gingham.internal.datastore;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.tck.DatastoreTck;

class MemoryDatastoreTckTest extends DatastoreTck {
  @Override
  protected Datastore newStore() {
    return Datastores.open("memory:");
  }
}
