package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NodeAgent;
import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.ipam.IpPool;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.spi.datastore.Datastores;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents on a real etcd: they register, sync and mesh; while etcd is stopped the routes they
 * programmed stay exactly as they were; once it is back they resync and follow new pods.
 */
@Tag("etcd")
class EtcdAgentTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  @Test
  void anOutageKeepsTheDataplaneAndTheAgentsResyncAfterIt() throws Exception {
    String uri = ETCD.uri("prefix=/agent-test/&requestTimeout=3s");
    try (SimulatedCluster c = new SimulatedCluster(() -> Datastores.open(uri), 2)) {
      c.start(1);
      c.start(2);
      c.addPod(1, "pod-1");
      c.addPod(2, "pod-2");
      SimulatedCluster.await("the mesh's routes", Duration.ofSeconds(30), c::meshConverged);
      Set<Route> before = new HashSet<>(c.agent(1).status().routes());

      ETCD.member(0).stop();
      try {
        SimulatedCluster.await(
            "node-1 to notice the outage",
            Duration.ofSeconds(30),
            () ->
                c.agent(1).syncState() != NodeAgent.SyncState.IN_SYNC
                    || c.agent(1).status().dataplaneErrors() > 0);
        Thread.sleep(3_000);
        assertThat(new HashSet<>(c.agent(1).status().routes())).isEqualTo(before);
      } finally {
        ETCD.member(0).start();
      }

      SimulatedCluster.await(
          "node-1 back in sync",
          Duration.ofSeconds(60),
          () -> c.agent(1).syncState() == NodeAgent.SyncState.IN_SYNC);
      SimulatedCluster.await(
          "etcd to answer again",
          Duration.ofSeconds(60),
          () -> {
            try {
              c.ipam().pools();
              return true;
            } catch (RuntimeException e) {
              return false; // a request timed out while etcd comes back: again
            }
          });
      // A pool made after the outage: node-1 imports its block only once its cache has the pool.
      IpPrefix second = IpPrefix.parse("10.66.0.0/16");
      c.ipam().createPool(IpPool.builder("second", second).build());
      IpAddress ip = c.addPod(2, "pod-3", second);
      SimulatedCluster.await(
          "node-2's block of the new pool on node-1",
          Duration.ofSeconds(60),
          () ->
              c.agent(1).status().routes().stream()
                  .anyMatch(r -> r.destination().contains(ip) && r.gateway() != null));
      assertThat(c.meshConverged()).isTrue();
    }
  }
}
