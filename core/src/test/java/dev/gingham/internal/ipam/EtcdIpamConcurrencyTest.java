package dev.gingham.internal.ipam;

import dev.gingham.core.Ipams;
import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SixteenHosts} on a real etcd, every host with a client of its own, as sixteen nodes would
 * be.
 */
@Tag("etcd")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EtcdIpamConcurrencyTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  @Test
  void sixteenHostsOfFourThreadsNeverHandOutAnAddressTwice() throws Exception {
    String uri = ETCD.uri("prefix=/ipam-churn/");
    List<Datastore> clients = new ArrayList<>();
    try (Datastore admin = Datastores.open(uri)) {
      SixteenHosts.churnAndVerify(
          Ipams.create(admin),
          admin,
          h -> {
            Datastore client = Datastores.open(uri);
            clients.add(client);
            return Ipams.create(client);
          });
    } finally {
      clients.forEach(Datastore::close);
    }
  }
}
