package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gingham.core.Ipams;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fifty ADDs at once, each its own plugin process, into fifty namespaces: fifty distinct addresses
 * (the host lock serialises the IPAM claims). Then fifty DELs at once, after which IPAM's check is
 * clean and the node holds no veth, route or endpoint of theirs.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ParallelAddKernelTest {
  private static final int PODS = 50;

  private TestNode node;

  @BeforeEach
  void setUp() {
    node = new TestNode("ggpar");
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  @Test
  void fiftyParallelAddsGetFiftyAddressesAndFiftyDelsLeaveNothing() throws Exception {
    ObjectNode conf = node.ginghamConflist("par", "1.1.0", "10.74.0.0/24");
    TestNode.firstPlugin(conf).put("log_level", "warning");
    List<CniRuntime.Attachment> pods = new ArrayList<>();
    for (int i = 0; i < PODS; i++) {
      pods.add(new CniRuntime.Attachment("c" + i, node.pod("p" + i), "eth0"));
    }
    // The pool exists before the rush, as on a real node, so that the ADDs race for addresses only.
    try (Datastore store = Datastores.open(node.datastore())) {
      Ipams.create(store)
          .createPool(
              dev.gingham.ipam.IpPool.builder(
                      "cni-10-74-0-0-24", dev.gingham.net.IpPrefix.parse("10.74.0.0/24"))
                  .build());
    }

    ExecutorService pool = Executors.newFixedThreadPool(PODS);
    try {
      List<Future<CniRuntime.Exec>> adds = new ArrayList<>();
      for (CniRuntime.Attachment a : pods) {
        adds.add(pool.submit(() -> node.runtime.add(conf, a)));
      }
      Set<IpAddress> addresses = new HashSet<>();
      for (Future<CniRuntime.Exec> f : adds) {
        CniRuntime.Exec r = f.get(CniRuntime.TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.toString()).isZero();
        addresses.add(GinghamPluginKernelTest.address(r.json()));
      }
      assertThat(addresses).hasSize(PODS);
      try (NetworkNamespace n = node.openNode()) {
        assertThat(
                node.dataplane().links().list(n).stream()
                    .map(Link::name)
                    .filter(s -> s.startsWith("gg")))
            .hasSize(PODS);
      }

      List<Future<CniRuntime.Exec>> dels = new ArrayList<>();
      for (CniRuntime.Attachment a : pods) {
        dels.add(pool.submit(() -> node.runtime.del(conf, a)));
      }
      for (Future<CniRuntime.Exec> f : dels) {
        CniRuntime.Exec r = f.get(CniRuntime.TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.toString()).isZero();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    node.assertNothingLeft();
  }
}
