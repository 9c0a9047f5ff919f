package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.NodeAgents;
import dev.gingham.core.PrefixMaps;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ResourceStore;
import dev.gingham.route.PrefixMap;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo without root: the same cluster on the simulated dataplane, in this JVM. The three
 * agents' BGP speakers mesh over real TCP on 127.0.0.11-13 (a free port above 1024); there is no
 * router (BIRD needs a network namespace), and no packets flow: the routes each node programmed are
 * shown and followed hop by hop instead, and the policy is shown by its evaluator.
 */
final class DemoSimulated {
  private final DemoTranscript t;
  private final Path dir;
  private final String datastoreUri;
  private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
  private final Map<String, NetworkNamespace> nodeNs = new LinkedHashMap<>();
  private final List<DemoPods.Pod> pods = new ArrayList<>();

  DemoSimulated(DemoTranscript t) throws IOException {
    this.t = t;
    this.dir = Files.createTempDirectory("gingham-demo-");
    this.datastoreUri = "sqlite:" + dir.resolve("state.db");
  }

  static String nodeIp(String node) {
    return "127.0.0.1" + node.substring(node.length() - 1);
  }

  int run() throws Exception {
    try (Datastore store = Datastores.open(datastoreUri);
        Dataplane dp = Dataplanes.open("simulated")) {
      try {
        return scenario(store, dp);
      } finally {
        t.step("Cleanup: stopping the agents");
        agents.values().forEach(NodeAgent::close);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      t.line("done");
    }
  }

  private int scenario(Datastore store, Dataplane dp) throws Exception {
    t.step("1. Underlay (simulated): three node namespaces, eth0 on 127.0.0.11-13");
    NetworkNamespace fabric = dp.namespaces().create("fabric");
    for (String node : DemoScenario.NODES) {
      NetworkNamespace ns = dp.namespaces().create(node);
      nodeNs.put(node, ns);
      String port = "p" + node.substring(node.length() - 1);
      dp.links().createVeth(ns, new VethSpec("eth0", null, port, fabric, null, 0));
      dp.links().setUp(ns, "eth0", true);
      dp.addresses().add(ns, InterfaceAddress.of("eth0", IpAddress.parse(nodeIp(node)), 8));
      t.line(node + ": eth0 " + nodeIp(node) + "/8");
    }
    t.line(
        "no router: BIRD needs a real network namespace, so the nodes only mesh with each other");
    int port = freePort();
    t.step("2. The datastore: the embedded SQLite store at " + dir.resolve("state.db"));
    DemoScenario.Cli r =
        DemoScenario.apply(dir, "cluster.yaml", DemoScenario.clusterYaml(port, null), datastoreUri);
    t.line(
        "gingham apply -f cluster.yaml   (IPPool "
            + DemoScenario.POOL
            + ", BGPConfiguration AS "
            + DemoScenario.NODE_AS
            + ", BGP port "
            + port
            + ", Profile kns.demo)");
    t.block(r.out() + r.err());
    if (r.exit() != 0) {
      throw new IllegalStateException("applying the cluster's resources failed: " + r.err());
    }
    t.step("3. One node agent per node, in this JVM, each on its simulated namespace");
    for (String node : DemoScenario.NODES) {
      NodeAgent a =
          NodeAgents.builder(store, dp, node)
              .namespace(nodeNs.get(node))
              .ipAutodetection("interface=eth0")
              .workloadInterfacePrefix(DemoPods.HOST_PREFIX)
              .start();
      agents.put(node, a);
    }
    for (NodeAgent a : agents.values()) {
      if (!a.awaitReady(Duration.ofSeconds(30))) {
        throw new IllegalStateException(a.nodeName() + " was not ready within 30 s");
      }
      t.line(a.nodeName() + ": in sync, address " + a.status().address());
    }
    ResourceStore resources = Resources.store(store);
    Ipam ipam = Ipams.create(store);
    t.step(
        "4. Two pods per node, wired with the calls the CNI plugin makes (no plugin can run here)");
    for (String node : DemoScenario.NODES) {
      for (String pod : DemoScenario.PODS) {
        String name = node + "-pod-" + pod;
        DemoPods.Pod p =
            DemoPods.wireSimulated(
                dp,
                nodeNs.get(node),
                node,
                name,
                Labels.of("app", DemoScenario.app(node, pod)),
                ipam,
                resources);
        pods.add(p);
        t.line(
            String.format(
                "%s on %s: %-11s app=%-5s endpoint %s",
                p.name(), node, p.ip(), DemoScenario.app(node, pod), p.ref()));
      }
    }
    t.step("5. Convergence: every node routes to every other node's block over BGP");
    Map<String, List<IpPrefix>> blocks = new LinkedHashMap<>();
    for (String node : DemoScenario.NODES) {
      blocks.put(node, ipam.blocksOf(node));
    }
    LinuxCluster.await(
        "every node's routes to the other nodes' blocks",
        30,
        () -> DemoScenario.routedEverywhere(blocks, node -> agents.get(node).status().routes()));
    t.line("converged");
    t.step("6. BGP sessions");
    for (NodeAgent a : agents.values()) {
      t.line(a.nodeName() + " (AS " + a.status().asNumber() + "):");
      StringBuilder b = new StringBuilder();
      for (NodeAgent.Peer p : a.status().peers()) {
        b.append(
            String.format(
                "%-12s %-6s %s%n",
                p.status().config().address(),
                p.type(),
                AgentProtocol.stateName(p.status().state())));
      }
      t.block(b.toString());
    }
    t.step("7. Each node's routes");
    for (NodeAgent a : agents.values()) {
      t.line(a.nodeName() + ":");
      StringBuilder b = new StringBuilder();
      a.status().routes().stream()
          .sorted(Comparator.comparing(x -> x.destination().toString()))
          .forEach(x -> b.append(x).append('\n'));
      t.block(b.toString());
    }
    t.step("8. IPAM blocks (gingham ipam show --show-blocks)");
    DemoScenario.Cli u =
        DemoScenario.gingham("ipam", "show", "--show-blocks", "--datastore", datastoreUri);
    t.block(u.out() + u.err());
    t.step(
        "9. Cross-node paths (simulated: no packets flow, so each path is followed in the FIBs)");
    int ok = 0;
    int total = 0;
    for (DemoPods.Pod from : pods) {
      for (DemoPods.Pod to : pods) {
        if (!to.node().equals(from.node())) {
          total++;
          String path = path(from, to);
          if (path != null) {
            ok++;
          } else {
            t.line(from.name() + " -> " + to.name() + ": NO ROUTE");
          }
          if (from == pods.get(0) && path != null) {
            t.line(from.name() + " -> " + to.name() + ": " + path);
          }
        }
      }
    }
    t.line(ok + " of " + total + " cross-node pairs have a path");
    t.step("10. A deny policy: web (node-1's pod a) may not reach db (node-2's pod a)");
    DemoScenario.Cli d =
        DemoScenario.apply(dir, "deny.yaml", DemoScenario.denyYaml(), datastoreUri);
    t.block(DemoScenario.denyYaml() + d.out() + d.err());
    DemoPods.Pod web = pods.get(0);
    DemoPods.Pod db = pods.get(2);
    t.line("gingham policy explain --from " + web.ref() + " --to " + db.ref() + " --port 5201:");
    DemoScenario.Cli e =
        DemoScenario.gingham(
            "policy",
            "explain",
            "--datastore",
            datastoreUri,
            "--from",
            web.ref(),
            "--to",
            db.ref(),
            "--port",
            "5201");
    t.block(e.out() + e.err());
    t.step("Summary");
    boolean denied = e.exit() == PolicyExplainCommand.DENIED;
    t.line(
        "simulated dataplane (not root): "
            + ok
            + "/"
            + total
            + " cross-node paths; the policy "
            + (denied ? "denies" : "does NOT deny")
            + " web -> db. Run as root for real namespaces and traffic.");
    return ok == total && denied ? ExitCodes.OK : ExitCodes.USAGE;
  }

  /** Follows a packet through the nodes' routes: the next node by gateway, then the pod's route. */
  private String path(DemoPods.Pod from, DemoPods.Pod to) {
    StringBuilder b = new StringBuilder(from.node());
    String node = from.node();
    for (int hop = 0; hop < 4; hop++) {
      PrefixMap<Route> fib = PrefixMaps.create();
      for (Route r : agents.get(node).status().routes()) {
        fib.put(r.destination(), r);
      }
      Route r = fib.longestMatch(to.ip());
      if (r == null) {
        return null;
      }
      if (r.gateway() == null) {
        return r.device() != null && r.device().equals(to.hostInterface()) && node.equals(to.node())
            ? b.append(" -> dev ").append(r.device()).append(" -> ").append(to.ip()).toString()
            : null;
      }
      String next = null;
      for (String n : DemoScenario.NODES) {
        if (nodeIp(n).equals(r.gateway().toString())) {
          next = n;
        }
      }
      if (next == null) {
        return null;
      }
      b.append(" -> via ").append(r.gateway()).append(" (").append(next).append(")");
      node = next;
    }
    return null;
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int p = 20000 + (int) (Math.random() * 20000);
      try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.11"));
          ServerSocket b = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.12"));
          ServerSocket c = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.13"))) {
        return p;
      } catch (IOException e) {
        // taken: another
      }
    }
    throw new IOException("no free port on 127.0.0.11-13");
  }
}
