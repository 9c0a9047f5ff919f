package dev.gingham.cli;

import dev.gingham.policy.Labels;
import dev.gingham.resource.ResourceStore;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Gingham cluster on this machine's kernel, as root: node namespaces on underlay bridges that
 * live in a router namespace (one subnet, or two joined by the router), optionally BIRD there as
 * the infrastructure router, one agent process per node ({@code ip netns exec}), and pods wired
 * through the Linux dataplane. Everything it makes is named with its prefix and is removed by
 * {@link #close} (idempotent; a shutdown hook calls it on Ctrl-C), and what a killed run with the
 * same prefix left is removed first. The demo and the end-to-end tests both drive it.
 */
public final class LinuxCluster implements AutoCloseable {
  /** The router's address on subnet A (nodes 1 and 2, or all nodes with one subnet). */
  public static final String ROUTER_A = "192.168.100.1";

  /** The router's address on subnet B (node 3, with two subnets). */
  public static final String ROUTER_B = "192.168.200.1";

  public static final int IPERF_PORT = 5201;

  private final String prefix;
  private final Path dir;
  private final String datastoreUri;
  private final boolean twoSubnets;
  private final DemoShell shell = new DemoShell();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private final List<DemoPods.Pod> pods = new ArrayList<>();
  private final Thread hook;

  /** Processes of this JVM that ran before the cluster: not the cluster's, never stopped by it. */
  private final Set<Long> before =
      ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

  private volatile long lastAddReturned;

  /**
   * Makes the underlay: the router namespace with its bridges, and the node namespaces.
   *
   * @param twoSubnets whether node-3 sits on a second subnet, reached through the router
   */
  public LinuxCluster(String prefix, List<String> nodes, boolean twoSubnets)
      throws IOException, InterruptedException {
    this.prefix = prefix;
    this.twoSubnets = twoSubnets;
    this.dir = Files.createTempDirectory("gingham-" + prefix);
    this.datastoreUri = "sqlite:" + dir.resolve("state.db");
    this.hook = new Thread(this::close, "gingham-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    removeNamespaces();
    String router = routerNs();
    shell.check("ip", "netns", "add", router);
    shell.check("ip", "-n", router, "link", "set", "lo", "up");
    bridge("br0", ROUTER_A);
    if (twoSubnets) {
      bridge("br1", ROUTER_B);
    }
    shell.check(DemoShell.in(router, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
    for (String node : nodes) {
      String ns = nodeNs(node);
      String port = "p" + node.substring(node.length() - 1);
      shell.check("ip", "netns", "add", ns);
      shell.check("ip", "-n", ns, "link", "set", "lo", "up");
      shell.check(
          "ip", "-n", router, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns",
          ns);
      shell.check(
          "ip", "-n", router, "link", "set", port, "master", onB(node) ? "br1" : "br0", "up");
      shell.check("ip", "-n", ns, "addr", "add", nodeIp(node) + "/24", "dev", "eth0");
      shell.check("ip", "-n", ns, "link", "set", "eth0", "up");
      shell.check(
          "ip", "-n", ns, "route", "add", "default", "via", onB(node) ? ROUTER_B : ROUTER_A);
      shell.check(DemoShell.in(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
    }
  }

  private void bridge(String name, String address) throws IOException, InterruptedException {
    shell.check("ip", "-n", routerNs(), "link", "add", name, "type", "bridge");
    shell.check("ip", "-n", routerNs(), "addr", "add", address + "/24", "dev", name);
    shell.check("ip", "-n", routerNs(), "link", "set", name, "up");
  }

  private boolean onB(String node) {
    return twoSubnets && node.equals("node-3");
  }

  public String routerNs() {
    return prefix + "router";
  }

  public String nodeNs(String node) {
    return prefix + node;
  }

  /** A node's underlay address: 192.168.100.1N, or 192.168.200.1N on the second subnet. */
  public String nodeIp(String node) {
    return (onB(node) ? "192.168.200.1" : "192.168.100.1") + node.substring(node.length() - 1);
  }

  public String datastoreUri() {
    return datastoreUri;
  }

  public Path dir() {
    return dir;
  }

  public List<DemoPods.Pod> pods() {
    return pods;
  }

  /** Starts BIRD in the router namespace, in eBGP with every node. */
  public Process startRouter(long routerAs, long nodeAs, List<String> nodes) throws IOException {
    StringBuilder conf = new StringBuilder();
    conf.append("router id ")
        .append(ROUTER_A)
        .append(";\n")
        .append("protocol device { }\n")
        .append("protocol direct { ipv4; }\n")
        .append("protocol kernel { ipv4 { import none; export all; }; }\n")
        .append("template bgp nodes {\n")
        .append("  local as ")
        .append(routerAs)
        .append(";\n")
        .append("  hold time 9; keepalive time 3; connect retry time 1;\n")
        .append("  ipv4 { import all; export all; };\n")
        .append("}\n");
    for (String node : nodes) {
      conf.append("protocol bgp ")
          .append(node.replace('-', '_'))
          .append(" from nodes { neighbor ")
          .append(nodeIp(node))
          .append(" as ")
          .append(nodeAs)
          .append("; }\n");
    }
    Path file = dir.resolve("bird.conf");
    Files.writeString(file, conf.toString());
    return shell.start(
        dir.resolve("bird.log"),
        DemoShell.in(
            routerNs(), "bird", "-f", "-c", file.toString(), "-s", birdSocket().toString()));
  }

  public Path birdSocket() {
    return dir.resolve("bird.ctl");
  }

  public String birdc(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "birdc";
    cmd[1] = "-s";
    cmd[2] = birdSocket().toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    return shell.run(10, DemoShell.in(routerNs(), cmd)).output();
  }

  /** Starts a node's agent process in its namespace, on the cluster's SQLite store. */
  public Process startAgent(String node) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
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
                System.getProperty("java.class.path"),
                "dev.gingham.nodeagent.AgentMain",
                "--node",
                node,
                "--datastore",
                datastoreUri,
                "--dataplane",
                "linux",
                "--ip-autodetection",
                "interface=eth0",
                "--socket",
                socket(node).toString(),
                "--metrics",
                "127.0.0.1:9091",
                "--mtu-file",
                dir.resolve(node + ".mtu").toString(),
                "--workload-interface-prefix",
                DemoPods.HOST_PREFIX));
    agents.put(node, p);
    return p;
  }

  /** Kills a node's agent with SIGKILL, as a crash would: it leaves its routes and rules. */
  public void killAgent(String node) throws InterruptedException {
    Process p = agents.get(node);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  public Path socket(String node) {
    return dir.resolve(node + ".sock");
  }

  public Path log(String node) {
    return dir.resolve(node + ".log");
  }

  /** Whether a node's agent answers on its control socket. */
  public boolean answers(String node) {
    Process p = agents.get(node);
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(
          "the agent of "
              + node
              + " is not running"
              + (p == null ? "" : " (exit " + p.exitValue() + ")")
              + "; see "
              + log(node));
    }
    try {
      return AgentProtocol.status(socket(node)) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Installs the gingham CNI plugins into the cluster's folder, as {@code gingham cni install}. */
  public void installCni() {
    DemoScenario.Cli r =
        DemoScenario.gingham(
            "cni",
            "install",
            "--dir",
            cniBin().toString(),
            "--conf-dir",
            dir.resolve("net.d").toString());
    if (r.exit() != 0) {
      throw new IllegalStateException("gingham cni install failed: " + r.err() + r.out());
    }
  }

  public Path cniBin() {
    return dir.resolve("cni");
  }

  /**
   * Adds a pod on a node with the real plugin: a network namespace, then {@code CNI_COMMAND=ADD} of
   * the installed {@code gingham} plugin run in the node's namespace, with the agent's MTU; the
   * endpoint it writes then gets the pod's labels and its namespace's profile.
   */
  public DemoPods.Pod cniAdd(ResourceStore store, String node, String pod, Labels labels)
      throws IOException, InterruptedException {
    String netns = prefix + pod;
    shell.check("ip", "netns", "add", netns);
    String conf =
        "{\"cniVersion\": \"1.1.0\", \"name\": \"gingham-demo\", \"type\": \"gingham\","
            + " \"datastore\": \""
            + datastoreUri
            + "\", \"nodename\": \""
            + node
            + "\","
            + " \"mtu\": "
            + mtu(node)
            + ", \"log_level\": \"warning\","
            + " \"log_file_path\": \""
            + dir.resolve("cni.log")
            + "\","
            + " \"ipam\": {\"type\": \"gingham-ipam\", \"assign_ipv4\": true,"
            + " \"assign_ipv6\": false}}";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", "ADD");
    env.put("CNI_CONTAINERID", "demo-" + pod);
    env.put("CNI_NETNS", "/run/netns/" + netns);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", cniBin() + ":/usr/lib/cni");
    env.put("CNI_ARGS", "K8S_POD_NAMESPACE=" + DemoCommand.NAMESPACE + ";K8S_POD_NAME=" + pod);
    DemoShell.Result r =
        shell.run(
            60, env, conf, DemoShell.in(nodeNs(node), cniBin().resolve("gingham").toString()));
    lastAddReturned = System.nanoTime();
    if (!r.ok()) {
      throw new IllegalStateException(
          "CNI ADD of " + pod + " on " + node + " failed (" + r.exit() + "): " + r.output().trim());
    }
    String endpoint = null;
    for (var w :
        store
            .list(dev.gingham.resource.ResourceKind.WORKLOAD_ENDPOINT, DemoCommand.NAMESPACE)
            .items()) {
      if (("demo-" + pod).equals(w.spec().containerId())) {
        endpoint = w.metadata().name();
      }
    }
    if (endpoint == null) {
      throw new IllegalStateException(
          "CNI ADD of " + pod + " wrote no WorkloadEndpoint: " + r.output());
    }
    DemoPods.Pod p = DemoPods.adopt(store, endpoint, labels, node, netns);
    pods.add(p);
    return p;
  }

  /** The workload MTU the node's agent wrote, as a CNI plugin reads it; 0 before it has. */
  public int mtu(String node) {
    try {
      return Integer.parseInt(Files.readString(dir.resolve(node + ".mtu")).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Whether a node's agent answers and has made its first pass (it wrote the MTU then). */
  public boolean ready(String node) {
    return answers(node) && mtu(node) > 0;
  }

  /** A node's routes of Gingham's protocol, as the kernel holds them. */
  public List<Route> routes(Dataplane dp, String node) {
    try (NetworkNamespace ns = dp.namespaces().open(Path.of("/run/netns", nodeNs(node)))) {
      return dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
    }
  }

  /** A node's links. */
  public List<Link> links(Dataplane dp, String node) {
    try (NetworkNamespace ns = dp.namespaces().open(Path.of("/run/netns", nodeNs(node)))) {
      return dp.links().list(ns);
    }
  }

  /** Starts an iperf3 server in every pod, and waits until each listens (10 s at most). */
  public void startServers() throws IOException, InterruptedException {
    for (DemoPods.Pod p : pods) {
      shell.start(
          dir.resolve("iperf3-" + p.name() + ".log"),
          DemoShell.in(p.netns(), "iperf3", "-s", "-p", Integer.toString(IPERF_PORT)));
    }
    for (DemoPods.Pod p : pods) {
      await(
          "iperf3 in " + p.name(),
          10,
          () -> {
            try {
              return shell
                  .run(5, DemoShell.in(p.netns(), "ss", "-Hltn", "sport = :" + IPERF_PORT))
                  .output()
                  .contains("LISTEN");
            } catch (IOException | InterruptedException e) {
              return false;
            }
          });
    }
  }

  /** Whether a TCP transfer of 64 KiB from one pod to another's iperf3 completes (5 s at most). */
  public boolean connects(DemoPods.Pod from, DemoPods.Pod to)
      throws IOException, InterruptedException {
    return shell
        .run(
            5,
            DemoShell.in(
                from.netns(),
                "iperf3",
                "-c",
                to.ip().toString(),
                "-p",
                Integer.toString(IPERF_PORT),
                "-n",
                "64K",
                "--connect-timeout",
                "1500"))
        .ok();
  }

  /** A one-second iperf3 run between two pods; its output. */
  public String iperf(DemoPods.Pod from, DemoPods.Pod to, int seconds, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "iperf3",
                "-c",
                to.ip().toString(),
                "-p",
                Integer.toString(IPERF_PORT),
                "-t",
                Integer.toString(seconds),
                "--connect-timeout",
                "2000"));
    cmd.addAll(List.of(extra));
    return shell.run(seconds + 10, DemoShell.in(from.netns(), cmd.toArray(new String[0]))).output();
  }

  /** When the last CNI ADD returned, in {@link System#nanoTime()}'s terms. */
  public long lastAddReturnedNanos() {
    return lastAddReturned;
  }

  /** Runs a command in a node's namespace, at most {@code seconds}. */
  public DemoShell.Result inNode(String node, int seconds, String... command)
      throws IOException, InterruptedException {
    return shell.run(seconds, DemoShell.in(nodeNs(node), command));
  }

  /** Runs a command in a pod, at most {@code seconds}. */
  public DemoShell.Result inPod(DemoPods.Pod pod, int seconds, String... command)
      throws IOException, InterruptedException {
    return shell.run(seconds, DemoShell.in(pod.netns(), command));
  }

  public DemoPods.Pod pod(String name) {
    return pods.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pod " + name));
  }

  /** Polls a condition every 100 ms, at most {@code seconds}. */
  public static void await(String what, int seconds, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private void removeNamespaces() throws IOException, InterruptedException {
    String list = shell.run(10, "ip", "netns", "list").output();
    for (String line : list.split("\n")) {
      String name = line.split(" ")[0].trim();
      if (name.startsWith(prefix)) {
        shell.run(10, "ip", "netns", "del", name);
      }
    }
  }

  /** Stops every process and deletes every namespace and file the cluster made. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    shell.close();
    // What in-process commands started (the CNI installer's AppCDS training run, say) is ours too;
    // what ran before the cluster (a test's shared etcd, say) is not.
    ProcessHandle.current()
        .descendants()
        .filter(p -> !before.contains(p.pid()))
        .forEach(ProcessHandle::destroyForcibly);
    try {
      removeNamespaces();
    } catch (IOException | InterruptedException e) {
      // Best effort: a later run with this prefix removes what is left.
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // as above
    }
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook has run or runs close(), which is idempotent
      }
    }
  }
}
