package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.tck.DatastoreTck;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The datastore TCK against an etcd that speaks TLS only and requires a client certificate: the
 * store dials it with {@code etcds://}, the test CA and a client certificate made at test time.
 */
class EtcdTlsDatastoreTckTest extends DatastoreTck {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.withClientCertificates();

  private static final AtomicInteger CASES = new AtomicInteger();

  @Override
  protected Datastore newStore() {
    TlsFiles tls = ETCD.tls();
    return Datastores.open(
        ETCD.uri(
            "prefix=/tls-tck/"
                + CASES.incrementAndGet()
                + "/&ca="
                + tls.ca()
                + "&cert="
                + tls.clientCert()
                + "&key="
                + tls.clientKey()));
  }
}
