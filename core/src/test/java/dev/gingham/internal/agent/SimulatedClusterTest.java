package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.core.Resources;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three agents in one JVM on the simulated dataplane and one in-memory store, their speakers
 * meshed over real TCP on 127.0.0.11-13: the vertical slice from Node registration to routes.
 */
class SimulatedClusterTest {
  private static final IpPrefix POOL = IpPrefix.parse("10.65.0.0/16");

  private Datastore datastore;
  private Dataplane dataplane;
  private ResourceStore store;
  private Ipam ipam;
  private final List<NodeAgent> agents = new ArrayList<>();
  private final List<NetworkNamespace> nodes = new ArrayList<>();
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    datastore = Datastores.open("memory:");
    dataplane = Dataplanes.open("simulated");
    store = Resources.store(datastore);
    ipam = Ipams.create(datastore);
    ipam.createPool(IpPool.builder("default-ipv4", POOL).build());
    port = freePort();
    store.create(
        Resource.of(
            ResourceKind.BGP_CONFIGURATION,
            ObjectMeta.of("default"),
            new BgpConfigurationSpec(
                null, true, 64512L, List.of(), List.of(), List.of(), port, null, List.of(),
                List.of(), List.of(), null)));
    NetworkNamespace fabric = dataplane.namespaces().create("fabric");
    for (int i = 1; i <= 3; i++) {
      NetworkNamespace ns = dataplane.namespaces().create("node-" + i);
      nodes.add(ns);
      dataplane.links().createVeth(ns, new VethSpec("eth0", null, "n" + i, fabric, null, 0));
      dataplane.links().setUp(ns, "eth0", true);
      dataplane
          .addresses()
          .add(ns, InterfaceAddress.of("eth0", IpAddress.parse("127.0.0.1" + i), 8));
    }
  }

  @AfterEach
  void tearDown() {
    agents.forEach(NodeAgent::close);
    dataplane.close();
    datastore.close();
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = 20000 + (int) (Math.random() * 20000);
      try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.11"));
          ServerSocket b = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.12"));
          ServerSocket c = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.13"))) {
        return p;
      } catch (IOException e) {
        // taken; another
      }
    }
    throw new IOException("no free port on 127.0.0.11-13");
  }

  private NodeAgent startAgent(int i) throws InterruptedException {
    NodeAgent a =
        NodeAgents.builder(datastore, dataplane, "node-" + i)
            .namespace(nodes.get(i - 1))
            .ipAutodetection("interface=eth0")
            .start();
    agents.add(a);
    assertThat(a.awaitReady(Duration.ofSeconds(20))).as("node-%d ready", i).isTrue();
    return a;
  }

  private IpAddress addPod(int node, String name) {
    String handle = "pod." + name;
    IpAddress ip =
        ipam.autoAssign(AssignRequest.builder(handle, "node-" + node).ipv4(1).build()).ipv4().get(0);
    String iface = "gw" + name.replace("-", "");
    NetworkNamespace pod = dataplane.namespaces().create(name);
    dataplane.links().createVeth(nodes.get(node - 1), new VethSpec(iface, null, "eth0", pod, null, 0));
    dataplane.links().setUp(nodes.get(node - 1), iface, true);
    store.create(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.of("demo", name),
            WorkloadEndpointSpec.builder(iface)
                .node("node-" + node)
                .ipNetworks(List.of(ip.toPrefix()))
                .build()));
    return ip;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private boolean hasRoute(int node, IpPrefix destination, IpAddress gateway) {
    for (Route r : agents.get(node - 1).status().routes()) {
      if (r.destination().equals(destination) && gateway.equals(r.gateway())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void threeNodesMeshAndLearnEachOthersBlocks() throws InterruptedException {
    for (int i = 1; i <= 3; i++) {
      startAgent(i);
    }
    List<IpAddress> pods = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      pods.add(addPod(i, "pod-" + i));
    }
    await(
        "every node to have every other node's block",
        Duration.ofSeconds(30),
        () -> {
          for (int i = 1; i <= 3; i++) {
            for (int j = 1; j <= 3; j++) {
              if (i == j) {
                continue;
              }
              List<IpPrefix> blocks = ipam.blocksOf("node-" + j);
              if (blocks.isEmpty()
                  || !hasRoute(i, blocks.get(0), IpAddress.parse("127.0.0.1" + j))) {
                return false;
              }
            }
          }
          return true;
        });
    NodeAgent.Status s = agents.get(0).status();
    assertThat(s.peers()).hasSize(2);
    assertThat(s.peers()).allSatisfy(p -> assertThat(p.type()).isEqualTo("mesh"));
    assertThat(s.syncState()).isEqualTo(NodeAgent.SyncState.IN_SYNC);
    // The local pod's /32 goes out of its interface, and the local block is a blackhole.
    assertThat(s.routes())
        .anySatisfy(r -> assertThat(r.destination()).isEqualTo(pods.get(0).toPrefix()));
    assertThat(s.blocks()).containsExactlyElementsOf(ipam.blocksOf("node-1"));

    // Deleting node-3: its affinities are released and its routes vanish from the others.
    IpPrefix block3 = ipam.blocksOf("node-3").get(0);
    agents.get(2).close();
    store.delete(ResourceId.of(ResourceKind.WORKLOAD_ENDPOINT, "demo", "pod-3"));
    ipam.releaseByHandle("pod.pod-3");
    store.delete(ResourceId.of(ResourceKind.NODE, "node-3"));
    await("node-3's affinities released", Duration.ofSeconds(20), () -> ipam.blocksOf("node-3").isEmpty());
    await(
        "node-3's block gone from node-1",
        Duration.ofSeconds(30),
        () ->
            agents.get(0).status().routes().stream()
                .noneMatch(r -> r.destination().equals(block3)));
  }
}
