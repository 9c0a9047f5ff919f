package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ResourceStore;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The demo on the kernel, as root: three node namespaces on an underlay bridge that lives in a
 * fourth, the router's, where BIRD peers with every node over eBGP; one agent process per node
 * ({@code ip netns exec}), all on one SQLite file; six pods wired through the Linux dataplane;
 * TCP between pods with iperf3; a deny policy. Everything it makes is named {@code gdemo-*} and is
 * removed on the way out, on Ctrl-C too (a shutdown hook); what a killed run left is removed first.
 */
final class DemoLinux {
  static final String PREFIX = "gdemo-";
  static final String ROUTER_NS = PREFIX + "router";
  static final String ROUTER_IP = "192.168.100.1";
  private static final int IPERF_PORT = 5201;

  private final DemoTranscript t;
  private final DemoShell shell = new DemoShell();
  private final AtomicBoolean cleaned = new AtomicBoolean();
  private final Path dir;
  private final String datastoreUri;
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private final List<DemoPods.Pod> pods = new ArrayList<>();
  private Process bird;

  DemoLinux(DemoTranscript t) throws IOException {
    this.t = t;
    this.dir = Files.createTempDirectory("gingham-demo-");
    this.datastoreUri = "sqlite:" + dir.resolve("state.db");
  }

  static String nodeNs(String node) {
    return PREFIX + node;
  }

  static String nodeIp(String node) {
    return "192.168.100.1" + node.substring(node.length() - 1);
  }

  int run() throws Exception {
    Thread hook = new Thread(this::cleanup, "gingham-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      removeLeftovers();
      underlay();
      router();
      try (Datastore store = Datastores.open(datastoreUri);
          Dataplane dp = Dataplanes.open("linux")) {
        resources();
        agents();
        wirePods(dp, Resources.store(store), Ipams.create(store));
        converge(dp, Ipams.create(store));
        show(dp);
        boolean tcp = traffic();
        boolean denied = policy();
        t.step("Summary");
        t.line(
            (tcp ? "cross-node pod-to-pod TCP worked" : "cross-node pod-to-pod TCP FAILED")
                + "; "
                + (denied ? "the deny policy blocked exactly web -> db" : "the deny policy did NOT act as expected"));
        return tcp && denied ? ExitCodes.OK : ExitCodes.USAGE;
      }
    } finally {
      cleanup();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs cleanup, which is idempotent
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void removeLeftovers() throws IOException, InterruptedException {
    String list = shell.run(10, "ip", "netns", "list").output();
    for (String line : list.split("\n")) {
      String name = line.split(" ")[0].trim();
      if (name.startsWith(PREFIX)) {
        shell.run(10, "ip", "netns", "del", name);
      }
    }
  }

  private void underlay() throws IOException, InterruptedException {
    t.step("1. Underlay: three node namespaces on a bridge in the router namespace");
    shell.check("ip", "netns", "add", ROUTER_NS);
    shell.check("ip", "-n", ROUTER_NS, "link", "set", "lo", "up");
    shell.check("ip", "-n", ROUTER_NS, "link", "add", "br0", "type", "bridge");
    shell.check("ip", "-n", ROUTER_NS, "addr", "add", ROUTER_IP + "/24", "dev", "br0");
    shell.check("ip", "-n", ROUTER_NS, "link", "set", "br0", "up");
    shell.check(DemoShell.in(ROUTER_NS, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
    for (String node : DemoScenario.NODES) {
      String ns = nodeNs(node);
      String port = "p" + node.substring(node.length() - 1);
      shell.check("ip", "netns", "add", ns);
      shell.check("ip", "-n", ns, "link", "set", "lo", "up");
      shell.check("ip", "-n", ROUTER_NS, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
      shell.check("ip", "-n", ROUTER_NS, "link", "set", port, "master", "br0", "up");
      shell.check("ip", "-n", ns, "addr", "add", nodeIp(node) + "/24", "dev", "eth0");
      shell.check("ip", "-n", ns, "link", "set", "eth0", "up");
      shell.check("ip", "-n", ns, "route", "add", "default", "via", ROUTER_IP);
      shell.check(DemoShell.in(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
      t.line(String.format("%-7s netns %-13s eth0 %s/24, default via %s", node, ns, nodeIp(node), ROUTER_IP));
    }
    t.line("router  netns " + ROUTER_NS + "  br0 " + ROUTER_IP + "/24");
  }

  private void router() throws IOException, InterruptedException {
    t.step("2. The infrastructure router: BIRD in " + ROUTER_NS + ", AS " + DemoScenario.ROUTER_AS + ", eBGP to every node");
    StringBuilder conf = new StringBuilder();
    conf.append("router id ").append(ROUTER_IP).append(";\n")
        .append("protocol device { }\n")
        .append("protocol direct { ipv4; interface \"br0\"; }\n")
        .append("protocol kernel { ipv4 { import none; export all; }; }\n")
        .append("template bgp nodes {\n")
        .append("  local ").append(ROUTER_IP).append(" as ").append(DemoScenario.ROUTER_AS).append(";\n")
        .append("  hold time 9; keepalive time 3; connect retry time 1;\n")
        .append("  ipv4 { import all; export all; };\n")
        .append("}\n");
    for (String node : DemoScenario.NODES) {
      conf.append("protocol bgp ").append(node.replace('-', '_')).append(" from nodes { neighbor ")
          .append(nodeIp(node)).append(" as ").append(DemoScenario.NODE_AS).append("; }\n");
    }
    Path file = dir.resolve("bird.conf");
    Files.writeString(file, conf.toString());
    bird =
        shell.start(
            dir.resolve("bird.log"),
            DemoShell.in(ROUTER_NS, "bird", "-f", "-c", file.toString(), "-s", dir.resolve("bird.ctl").toString()));
    t.line("bird -c " + file + " (pid " + bird.pid() + ")");
  }

  private void resources() throws IOException {
    t.step("3. The datastore: the embedded SQLite store at " + dir.resolve("state.db"));
    DemoScenario.Cli r =
        DemoScenario.apply(dir, "cluster.yaml", DemoScenario.clusterYaml(179, ROUTER_IP), datastoreUri);
    t.line("gingham apply -f cluster.yaml   (IPPool " + DemoScenario.POOL + ", BGPConfiguration AS "
        + DemoScenario.NODE_AS + " with the node mesh, BGPPeer router, Profile kns.demo)");
    t.block(r.out() + r.err());
    if (r.exit() != 0) {
      throw new IllegalStateException("applying the cluster's resources failed: " + r.err());
    }
  }

  private void agents() throws Exception {
    t.step("4. One node agent per node: a JVM in each node namespace");
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("java.class.path");
    for (String node : DemoScenario.NODES) {
      Process p =
          shell.start(
              dir.resolve(node + ".log"),
              DemoShell.in(
                  nodeNs(node),
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Xss512k",
                  "-Xmx128m",
                  "-cp",
                  classpath,
                  "dev.gingham.nodeagent.AgentMain",
                  "--node", node,
                  "--datastore", datastoreUri,
                  "--dataplane", "linux",
                  "--ip-autodetection", "interface=eth0",
                  "--socket", socket(node).toString(),
                  "--metrics", "127.0.0.1:9091",
                  "--mtu-file", dir.resolve(node + ".mtu").toString()));
      agents.put(node, p);
      t.line("ip netns exec " + nodeNs(node) + " gingham-agent --node " + node
          + " --ip-autodetection interface=eth0 (pid " + p.pid() + ", log " + dir.resolve(node + ".log") + ")");
    }
    for (String node : DemoScenario.NODES) {
      waitFor("the agent of " + node + " to be in sync", 45, () -> inSync(node));
      t.line(node + ": in sync, control socket " + socket(node));
    }
  }

  private Path socket(String node) {
    return dir.resolve(node + ".sock");
  }

  private boolean inSync(String node) {
    Process p = agents.get(node);
    if (!p.isAlive()) {
      throw new IllegalStateException("the agent of " + node + " exited with " + p.exitValue()
          + "; see " + dir.resolve(node + ".log"));
    }
    try {
      return AgentProtocol.status(socket(node)) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void wirePods(Dataplane dp, ResourceStore store, Ipam ipam) {
    t.step("5. Two pods per node, wired as a CNI ADD does (IPAM, veth, routes, WorkloadEndpoint)");
    for (String node : DemoScenario.NODES) {
      try (NetworkNamespace ns = dp.namespaces().open(Path.of("/run/netns", nodeNs(node)))) {
        for (String pod : DemoScenario.PODS) {
          String name = node + "-pod-" + pod;
          DemoPods.Pod p =
              DemoPods.wire(
                  dp, ns, PREFIX + name, node, name,
                  Labels.of("app", DemoScenario.app(node, pod)), ipam, store);
          pods.add(p);
          t.line(String.format("%-14s on %s: %-11s (app=%s, %s <-> eth0 in netns %s)",
              p.ref(), node, p.ip(), DemoScenario.app(node, pod), p.hostInterface(), p.netns()));
        }
      }
    }
  }

  private void converge(Dataplane dp, Ipam ipam) throws Exception {
    t.step("6. Convergence: every node programs a route to every other node's block");
    Map<String, List<IpPrefix>> blocks = new LinkedHashMap<>();
    for (String node : DemoScenario.NODES) {
      blocks.put(node, ipam.blocksOf(node));
    }
    waitFor("every node's routes to the other nodes' blocks", 30, () -> {
      for (String node : DemoScenario.NODES) {
        List<Route> rs = routes(dp, node);
        for (Map.Entry<String, List<IpPrefix>> e : blocks.entrySet()) {
          if (e.getKey().equals(node)) {
            continue;
          }
          for (IpPrefix b : e.getValue()) {
            if (rs.stream().noneMatch(r -> r.destination().equals(b) && r.gateway() != null)) {
              return false;
            }
          }
        }
      }
      return true;
    });
    t.line("converged");
  }

  private static List<Route> routes(Dataplane dp, String node) {
    try (NetworkNamespace ns = dp.namespaces().open(Path.of("/run/netns", nodeNs(node)))) {
      return dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
    }
  }

  private void show(Dataplane dp) throws IOException, InterruptedException {
    t.step("7. BGP sessions (gingham node status, from each agent's control socket)");
    for (String node : DemoScenario.NODES) {
      t.line(node + ":");
      DemoScenario.Cli r = DemoScenario.gingham("node", "status", "--socket", socket(node).toString());
      t.block(r.out() + r.err());
    }
    t.line("the router (birdc show protocols):");
    t.block(shell.run(10, DemoShell.in(ROUTER_NS, "birdc", "-s", dir.resolve("bird.ctl").toString(), "show", "protocols")).output());
    t.step("8. Each node's routes (protocol 80, Gingham's)");
    for (String node : DemoScenario.NODES) {
      t.line(node + ":");
      StringBuilder b = new StringBuilder();
      routes(dp, node).stream()
          .sorted(Comparator.comparing(r -> r.destination().toString()))
          .forEach(r -> b.append(r).append('\n'));
      t.block(b.toString());
    }
    t.step("9. IPAM blocks (gingham ipam show --show-blocks)");
    DemoScenario.Cli r = DemoScenario.gingham("ipam", "show", "--show-blocks", "--datastore", datastoreUri);
    t.block(r.out() + r.err());
  }

  // ---------------------------------------------------------------------------------------------
  // Traffic.

  private boolean traffic() throws Exception {
    t.step("10. Cross-node pod-to-pod TCP: iperf3 to every pod on another node (bounded: 5 s a try)");
    for (DemoPods.Pod p : pods) {
      shell.start(dir.resolve("iperf3-" + p.name() + ".log"),
          DemoShell.in(p.netns(), "iperf3", "-s", "-p", Integer.toString(IPERF_PORT)));
    }
    for (DemoPods.Pod p : pods) {
      waitFor("iperf3 in " + p.name(), 10, () -> {
        try {
          return shell.run(5, DemoShell.in(p.netns(), "ss", "-Hltn", "sport = :" + IPERF_PORT)).output().contains("LISTEN");
        } catch (Exception e) {
          return false;
        }
      });
    }
    int ok = 0;
    int total = 0;
    for (DemoPods.Pod from : pods) {
      StringBuilder row = new StringBuilder(String.format("%-16s ->", from.name()));
      for (DemoPods.Pod to : pods) {
        if (to.node().equals(from.node())) {
          continue;
        }
        total++;
        boolean connected = connects(from, to);
        ok += connected ? 1 : 0;
        row.append(' ').append(to.name()).append(connected ? " ok " : " FAIL");
      }
      t.line(row.toString());
    }
    t.line(ok + " of " + total + " cross-node pairs connected");
    DemoPods.Pod a = pods.get(0);
    DemoPods.Pod b = pods.get(pods.size() - 1);
    DemoShell.Result r = shell.run(10, DemoShell.in(a.netns(), "iperf3", "-c", b.ip().toString(),
        "-p", Integer.toString(IPERF_PORT), "-t", "1", "--connect-timeout", "2000"));
    for (String l : r.output().split("\n")) {
      if (l.contains("receiver") || l.contains("sender")) {
        t.line(a.name() + " -> " + b.name() + ": " + l.trim().replaceAll(" +", " "));
      }
    }
    return ok == total;
  }

  private boolean connects(DemoPods.Pod from, DemoPods.Pod to) throws IOException, InterruptedException {
    DemoShell.Result r = shell.run(5, DemoShell.in(from.netns(), "iperf3", "-c", to.ip().toString(),
        "-p", Integer.toString(IPERF_PORT), "-n", "64K", "--connect-timeout", "1500"));
    return r.ok();
  }

  private boolean policy() throws Exception {
    t.step("11. A deny policy: web (node-1's pod a) may not reach db (node-2's pod a)");
    DemoPods.Pod web = pod("node-1-pod-a");
    DemoPods.Pod db = pod("node-2-pod-a");
    DemoPods.Pod other = pod("node-3-pod-a");
    DemoScenario.Cli r = DemoScenario.apply(dir, "deny.yaml", DemoScenario.denyYaml(), datastoreUri);
    t.line("gingham apply -f deny.yaml");
    t.block(DemoScenario.denyYaml() + r.out() + r.err());
    boolean[] blocked = {false};
    waitFor("the policy to reach node-2's packet filter", 15, () -> {
      try {
        blocked[0] = !connects(web, db);
        return blocked[0];
      } catch (Exception e) {
        return false;
      }
    });
    t.line(web.name() + " -> " + db.name() + ": " + (blocked[0] ? "blocked (no answer: the packet filter drops it)" : "still connects"));
    boolean otherOk = connects(other, db);
    t.line(other.name() + " -> " + db.name() + ": " + (otherOk ? "ok (the policy allows everyone else)" : "FAIL"));
    t.line("gingham policy explain --from " + web.ref() + " --to " + db.ref() + " --port " + IPERF_PORT + ":");
    DemoScenario.Cli e = DemoScenario.gingham("policy", "explain", "--datastore", datastoreUri,
        "--from", web.ref(), "--to", db.ref(), "--port", Integer.toString(IPERF_PORT));
    t.block(e.out() + e.err());
    return blocked[0] && otherOk && e.exit() != 0;
  }

  private DemoPods.Pod pod(String name) {
    return pods.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------------------------------------

  private void waitFor(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Stops every process and deletes every namespace and file the demo made. Idempotent. */
  void cleanup() {
    if (!cleaned.compareAndSet(false, true)) {
      return;
    }
    t.step("Cleanup: stopping agents, BIRD and iperf3; deleting the namespaces");
    shell.close();
    try {
      removeLeftovers();
    } catch (Exception e) {
      t.line("could not list namespaces: " + e);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      t.line("could not delete " + dir + ": " + e);
    }
    t.line("done");
  }
}
