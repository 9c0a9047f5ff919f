package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.NodeAgent;
import dev.gingham.ipam.IpPool;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.route.Route;
import dev.gingham.route.RouteType;
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

  /**
   * The CNI/agent route race: the plugin has wired a pod (its /32 on the veth, with the agents'
   * protocol) but its endpoint is not in the agent's cache yet. With /32 blocks the block's
   * blackhole has the route's key. Passes in between must neither delete the route nor replace it.
   */
  @Test
  void aPassKeepsThePluginsRouteOfAnEndpointNotYetInTheCache() throws Exception {
    Datastore memory = Datastores.open("memory:");
    try (SimulatedCluster c = new SimulatedCluster(() -> memory, 1)) {
      IpPrefix pool32 = IpPrefix.parse("10.66.0.0/24");
      c.ipam().createPool(IpPool.builder("slash-32", pool32).blockSize(32).build());
      NodeAgent agent = c.start(1);
      IpAddress ip = c.wirePod(1, "pod-early", pool32);
      Route plugins =
          c.kernelRoutes(1).stream()
              .filter(r -> r.destination().equals(ip.toPrefix()))
              .findFirst()
              .orElseThrow();
      assertThat(plugins.device()).isEqualTo(SimulatedCluster.hostEnd("pod-early"));
      assertThat(c.ipam().blocksOf("node-1")).contains(ip.toPrefix());
      // Two full passes after the wiring: the periodic one runs every 2 s.
      long after = agent.status().applies();
      SimulatedCluster.await(
          "two agent passes", Duration.ofSeconds(20), () -> agent.status().applies() >= after + 2);
      assertThat(c.kernelRoutes(1))
          .as("the plugin's route survives the passes, not replaced by the block's blackhole")
          .contains(plugins)
          .noneMatch(r -> r.destination().equals(ip.toPrefix()) && r.type() != RouteType.UNICAST);

      // The endpoint arrives: the agent takes the route over unchanged, in the pass the endpoint
      // asks for. (With nothing kept any more, a tick no longer recalculates every 2 s.)
      long later = agent.status().applies();
      c.addEndpoint(1, "pod-early", ip);
      SimulatedCluster.await(
          "the endpoint's pass", Duration.ofSeconds(20), () -> agent.status().applies() > later);
      assertThat(c.kernelRoutes(1)).contains(plugins);
      assertThat(agent.status().routes()).contains(plugins);
    }
  }
}
