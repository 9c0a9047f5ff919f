package dev.gingham.internal.ipam;

import dev.gingham.core.Ipams;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SixteenHosts} on one in-memory store, each host with its own engine. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MemoryIpamConcurrencyTest {
  @Test
  void sixteenHostsOfFourThreadsNeverHandOutAnAddressTwice() throws Exception {
    try (Datastore store = Datastores.open("memory:")) {
      SixteenHosts.churnAndVerify(Ipams.create(store), store, h -> Ipams.create(store));
    }
  }
}
