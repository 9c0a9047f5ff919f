package dev.gingham.internal.resource.store;

import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The resource store's contract on a real etcd, each case in a key namespace of its own. */
@Tag("etcd")
class EtcdResourceStoreTest extends ResourceStoreContract {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  private static final AtomicInteger CASES = new AtomicInteger();

  @Override
  protected Datastore newStore() {
    return Datastores.open(ETCD.uri("prefix=/resource-contract/" + CASES.incrementAndGet() + "/"));
  }
}
