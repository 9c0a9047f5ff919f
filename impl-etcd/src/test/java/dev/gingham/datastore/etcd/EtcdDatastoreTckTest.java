package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.tck.DatastoreTck;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The datastore TCK against a real etcd. Every case gets a store under a namespace of its own, so
 * that it starts empty, and the namespace is shown to be invisible: the TCK only ever sees its own
 * keys, never the prefix.
 */
class EtcdDatastoreTckTest extends DatastoreTck {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  private static final AtomicInteger CASES = new AtomicInteger();

  @Override
  protected Datastore newStore() {
    return Datastores.open(ETCD.uri("prefix=/tck/" + CASES.incrementAndGet() + "/"));
  }
}
