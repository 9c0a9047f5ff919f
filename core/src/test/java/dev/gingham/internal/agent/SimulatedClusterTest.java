package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NodeAgent;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three agents in one JVM on the simulated dataplane and one in-memory store, their speakers meshed
 * over real TCP on 127.0.0.11-13: the vertical slice from Node registration to routes.
 */
class SimulatedClusterTest {

  @Test
  void threeNodesMeshAndLearnEachOthersBlocks() throws Exception {
    Datastore memory = Datastores.open("memory:");
    try (SimulatedCluster c = new SimulatedCluster(() -> memory, 3)) {
      for (int i = 1; i <= 3; i++) {
        c.start(i);
      }
      List<IpAddress> pods = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        pods.add(c.addPod(i, "pod-" + i));
      }
      SimulatedCluster.await("the mesh's routes", Duration.ofSeconds(30), c::meshConverged);
      NodeAgent.Status s = c.agent(1).status();
      assertThat(s.peers()).hasSize(2);
      assertThat(s.peers()).allSatisfy(p -> assertThat(p.type()).isEqualTo("mesh"));
      assertThat(s.syncState()).isEqualTo(NodeAgent.SyncState.IN_SYNC);
      // The local pod's /32 goes out of its interface, and the local block is a blackhole.
      assertThat(s.routes())
          .anySatisfy(r -> assertThat(r.destination()).isEqualTo(pods.get(0).toPrefix()));
      assertThat(s.blocks()).containsExactlyElementsOf(c.ipam().blocksOf("node-1"));

      // Deleting node-3: its affinities are released and its routes vanish from the others.
      IpPrefix block3 = c.ipam().blocksOf("node-3").get(0);
      c.agent(3).close();
      c.store().delete(ResourceId.of(ResourceKind.WORKLOAD_ENDPOINT, "demo", "pod-3"));
      c.ipam().releaseByHandle("pod.pod-3");
      c.store().delete(ResourceId.of(ResourceKind.NODE, "node-3"));
      SimulatedCluster.await(
          "node-3's affinities released",
          Duration.ofSeconds(20),
          () -> c.ipam().blocksOf("node-3").isEmpty());
      SimulatedCluster.await(
          "node-3's block gone from node-1",
          Duration.ofSeconds(30),
          () ->
              c.agent(1).status().routes().stream().noneMatch(r -> r.destination().equals(block3)));
    }
  }
}
