package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.core.Resources;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.datastore.Datastore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A test cluster in one JVM: node namespaces on the simulated dataplane with eth0 on 127.0.0.1N,
 * agents whose speakers mesh over real TCP on loopback, each agent on a datastore of its own
 * opening (the same store), and pods wired the way the CNI plugin does it, less the kernel.
 */
final class SimulatedCluster implements AutoCloseable {
  static final IpPrefix POOL = IpPrefix.parse("10.65.0.0/16");

  private final Supplier<Datastore> opener;
  private final Datastore admin;
  private final Dataplane dataplane = Dataplanes.open("simulated");
  private final ResourceStore store;
  private final Ipam ipam;
  private final List<NetworkNamespace> nodes = new ArrayList<>();
  private final List<NodeAgent> agents = new ArrayList<>();
  private final List<Datastore> opened = new ArrayList<>();

  /**
   * @param opener opens the cluster's datastore; the in-memory store is shared by returning the
   *     same object, which the cluster then closes once
   */
  SimulatedCluster(Supplier<Datastore> opener, int size) throws IOException {
    this(opener, size, true);
  }

  /**
   * @param mesh whether the BGPConfiguration enables the node-to-node mesh
   */
  SimulatedCluster(Supplier<Datastore> opener, int size, boolean mesh) throws IOException {
    this.opener = opener;
    this.admin = opener.get();
    this.store = Resources.store(admin);
    this.ipam = Ipams.create(admin);
    ipam.createPool(IpPool.builder("default-ipv4", POOL).build());
    store.create(
        Resource.of(
            ResourceKind.BGP_CONFIGURATION,
            ObjectMeta.of("default"),
            new BgpConfigurationSpec(
                null,
                mesh,
                64512L,
                List.of(),
                List.of(),
                List.of(),
                freePort(size),
                null,
                List.of(),
                List.of(),
                List.of(),
                null)));
    NetworkNamespace fabric = dataplane.namespaces().create("fabric");
    for (int i = 1; i <= size; i++) {
      NetworkNamespace ns = dataplane.namespaces().create("node-" + i);
      nodes.add(ns);
      dataplane.links().createVeth(ns, new VethSpec("eth0", null, "n" + i, fabric, null, 0));
      dataplane.links().setUp(ns, "eth0", true);
      dataplane.addresses().add(ns, InterfaceAddress.of("eth0", address(i), 8));
    }
  }

  static IpAddress address(int node) {
    return IpAddress.parse("127.0.0.1" + node);
  }

  ResourceStore store() {
    return store;
  }

  Ipam ipam() {
    return ipam;
  }

  NodeAgent agent(int node) {
    return agents.get(node - 1);
  }

  private static int freePort(int size) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = 20000 + (int) (Math.random() * 20000);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int i = 1; i <= size; i++) {
          held.add(new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1" + i)));
        }
        return p;
      } catch (IOException e) {
        // taken: another
      } finally {
        for (ServerSocket s : held) {
          s.close();
        }
      }
    }
    throw new IOException("no free port on 127.0.0.11..");
  }

  /** Starts node {@code i}'s agent (nodes start at 1, in order) and waits until it is ready. */
  NodeAgent start(int i) throws InterruptedException {
    return start(i, b -> b);
  }

  /** Starts node {@code i}'s agent with more {@code options} and waits until it is ready. */
  NodeAgent start(int i, UnaryOperator<NodeAgents.Builder> options) throws InterruptedException {
    Datastore ds = opener.get();
    if (ds != admin) {
      opened.add(ds);
    }
    NodeAgent a =
        options
            .apply(
                NodeAgents.builder(ds, dataplane, "node-" + i)
                    .namespace(nodes.get(i - 1))
                    .ipAutodetection("interface=eth0"))
            .start();
    agents.add(a);
    assertThat(a.awaitReady(Duration.ofSeconds(30))).as("node-%d ready", i).isTrue();
    return a;
  }

  /** Wires a pod on a node: an address from IPAM, the host side of its veth, its endpoint. */
  IpAddress addPod(int node, String name) {
    return addPod(node, name, POOL);
  }

  /** Wires a pod with an address from {@code pool}. */
  IpAddress addPod(int node, String name, IpPrefix pool) {
    IpAddress ip = wirePod(node, name, pool);
    addEndpoint(node, name, ip);
    return ip;
  }

  /**
   * What the CNI plugin does before it writes the endpoint: an address from IPAM, and the pod's
   * veth with the node's host route to it ({@link PodNetworks#wire}, the plugin's own code).
   */
  IpAddress wirePod(int node, String name, IpPrefix pool) {
    IpAddress ip =
        ipam.autoAssign(
                AssignRequest.builder("pod." + name, "node-" + node)
                    .ipv4(1)
                    .pools(List.of(pool))
                    .build())
            .ipv4()
            .get(0);
    try (NetworkNamespace pod = dataplane.namespaces().create(name)) {
      PodNetworks.wire(
          dataplane, nodes.get(node - 1), pod, PodInterface.of(hostEnd(name), "eth0", List.of(ip)));
    }
    return ip;
  }

  /** The pod's WorkloadEndpoint, as the plugin writes it after wiring. */
  void addEndpoint(int node, String name, IpAddress ip) {
    store.create(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.of("demo", name),
            WorkloadEndpointSpec.builder(hostEnd(name))
                .node("node-" + node)
                .ipNetworks(List.of(ip.toPrefix()))
                .build()));
  }

  /** A pod's host-side interface, with the agents' default workload prefix. */
  static String hostEnd(String pod) {
    return "gw" + pod.replace("-", "");
  }

  /** The routes of the agents' protocol in node {@code i}'s namespace, as the kernel holds them. */
  List<Route> kernelRoutes(int i) {
    return dataplane.routes().list(nodes.get(i - 1), RouteFilter.owned(Route.PROTOCOL_GINGHAM));
  }

  /** Whether node {@code i}'s agent programs a route to {@code destination} via {@code gateway}. */
  boolean hasRoute(int i, IpPrefix destination, IpAddress gateway) {
    for (Route r : agent(i).status().routes()) {
      if (r.destination().equals(destination) && gateway.equals(r.gateway())) {
        return true;
      }
    }
    return false;
  }

  /** Every node routes to every other node's blocks via that node. */
  boolean meshConverged() {
    for (int i = 1; i <= agents.size(); i++) {
      for (int j = 1; j <= agents.size(); j++) {
        if (i != j) {
          List<IpPrefix> blocks = ipam.blocksOf("node-" + j);
          for (IpPrefix b : blocks) {
            if (!hasRoute(i, b, address(j))) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    agents.forEach(NodeAgent::close);
    dataplane.close();
    opened.forEach(Datastore::close);
    admin.close();
  }
}
