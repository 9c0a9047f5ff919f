package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;

/** IPAM's contract on the in-memory store. */
class MemoryIpamTest extends IpamContract {
  @Override
  protected Datastore newStore() {
    return Datastores.open("memory:");
  }
}
