package dev.gingham.internal.ipam;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.state.ActionChain;

/** The model-based properties on the in-memory store. */
class MemoryIpamModelProperties extends IpamModelProperties {
  @Override
  protected Datastore newStore() {
    return Datastores.open("memory:");
  }

  @Property(tries = 100)
  void theEngineKeepsToTheModel(@ForAll("chains") ActionChain<IpamModel> chain) {
    runChecked(chain);
  }
}
