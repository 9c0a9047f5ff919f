package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.AgentGroup;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.policy.Selector;
import dev.gingham.resource.BgpPeerSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Route reflectors as Calico configures them: the mesh off, two nodes with a cluster id and the
 * label {@code route-reflector}, and one BGPPeer from every node to the nodes that carry it. Four
 * agents in one JVM on the simulated dataplane, speakers on 127.0.0.11-14.
 */
class RouteReflectorClusterTest {
  private static final Ipv4Address CLUSTER = (Ipv4Address) IpAddress.parse("244.0.0.1");

  @Test
  void clientsPeerOnlyWithTheReflectorsAndLearnEachOthersBlocksThroughThem() throws Exception {
    Datastore memory = Datastores.open("memory:");
    reflectorScenario(memory, b -> b);
  }

  @Test
  void agentsInOneGroupShareASyncerAndConvergeTheSame() throws Exception {
    Datastore memory = Datastores.open("memory:");
    try (AgentGroup group = NodeAgents.group(memory)) {
      reflectorScenario(
          memory,
          b -> {
            b.group(group);
            return b;
          });
      assertThat(group.agents()).as("agents that closed left the group").isZero();
    }
  }

  @Test
  void aGroupOfAnotherDatastoreIsRefusedAndNamesBoth() throws Exception {
    Datastore one = Datastores.open("memory:");
    Datastore other = Datastores.open("memory:");
    try (AgentGroup group = NodeAgents.group(other);
        SimulatedCluster c = new SimulatedCluster(() -> one, 1, false)) {
      assertThatThrownBy(() -> c.start(1, b -> b.group(group)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("node-1")
          .hasMessageContaining("agent group follows");
      assertThat(group.agents()).isZero();
    } finally {
      other.close();
    }
  }

  private static void reflectorScenario(Datastore memory, UnaryOperator<NodeAgents.Builder> opts)
      throws Exception {
    try (SimulatedCluster c = new SimulatedCluster(() -> memory, 4, false)) {
      c.store()
          .create(
              Resource.of(
                  ResourceKind.BGP_PEER,
                  ObjectMeta.of("peer-with-route-reflectors"),
                  BgpPeerSpec.builder()
                      .nodeSelector(Selector.ALL)
                      .peerSelector(Selector.parse("has(route-reflector)"))
                      .build()));
      for (int i = 1; i <= 2; i++) {
        c.start(
            i,
            b ->
                opts.apply(b)
                    .routeReflectorClusterId(CLUSTER)
                    .labels(Map.of("route-reflector", "true")));
      }
      for (int i = 3; i <= 4; i++) {
        c.start(i, opts);
      }
      for (int i = 1; i <= 4; i++) {
        c.addPod(i, "pod-" + i);
      }
      SimulatedCluster.await(
          "every node's routes to every other node's blocks",
          Duration.ofSeconds(60),
          c::meshConverged);

      // Clients: two peers, the reflectors, established; no session to the other client.
      for (int i = 3; i <= 4; i++) {
        NodeAgent.Status s = c.agent(i).status();
        assertThat(s.peers())
            .extracting(p -> p.status().config().address())
            .containsExactlyInAnyOrder(SimulatedCluster.address(1), SimulatedCluster.address(2));
        assertThat(s.peers())
            .allSatisfy(p -> assertThat(p.status().config().routeReflectorClient()).isFalse());
      }
      // Reflectors: the clients as route reflector clients, the other reflector as a plain peer.
      for (int i = 1; i <= 2; i++) {
        int other = 3 - i;
        NodeAgent.Status s = c.agent(i).status();
        assertThat(s.peers()).hasSize(3);
        for (NodeAgent.Peer p : s.peers()) {
          IpAddress a = p.status().config().address();
          assertThat(p.status().config().routeReflectorClient())
              .as("%s is a client of node-%d", a, i)
              .isEqualTo(!a.equals(SimulatedCluster.address(other)));
        }
      }
      // Node-3 reaches node-4's block with node-4 as the next hop, learned from a reflector.
      IpPrefix block4 = c.ipam().blocksOf("node-4").get(0);
      assertThat(c.hasRoute(3, block4, SimulatedCluster.address(4))).isTrue();

      // A pod added later on a client is reflected to the other client.
      IpAddress late = c.addPod(4, "pod-late", IpPrefix.parse("10.65.0.0/16"));
      SimulatedCluster.await(
          "node-4's new pod routed on node-3",
          Duration.ofSeconds(30),
          () ->
              c.agent(3).status().routes().stream()
                  .anyMatch(
                      r ->
                          r.destination().contains(late)
                              && SimulatedCluster.address(4).equals(r.gateway())));
    }
  }
}
