package dev.gingham.cli;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo on the kernel, as root, on a {@link LinuxCluster} named {@code gdemo-*}: three node
 * namespaces on an underlay bridge in the router namespace, where BIRD peers with every node over
 * eBGP; one agent process per node on one SQLite file; six pods; TCP between them with iperf3; a
 * deny policy with {@code policy explain}'s reason. The cluster is removed on the way out, on
 * Ctrl-C too.
 */
final class DemoLinux {
  static final String PREFIX = "gdemo-";

  private final DemoTranscript t;

  DemoLinux(DemoTranscript t) {
    this.t = t;
  }

  int run() throws Exception {
    t.step("1. Underlay: three node namespaces on a bridge in the router namespace");
    try (LinuxCluster c = new LinuxCluster(PREFIX, DemoScenario.NODES, false)) {
      for (String node : DemoScenario.NODES) {
        t.line(
            String.format(
                "%-7s netns %-13s eth0 %s/24, default via %s",
                node, c.nodeNs(node), c.nodeIp(node), LinuxCluster.ROUTER_A));
      }
      t.line("router  netns " + c.routerNs() + "  br0 " + LinuxCluster.ROUTER_A + "/24");
      t.step(
          "2. The infrastructure router: BIRD in "
              + c.routerNs()
              + ", AS "
              + DemoScenario.ROUTER_AS
              + ", eBGP to every node");
      Process bird =
          c.startRouter(DemoScenario.ROUTER_AS, DemoScenario.NODE_AS, DemoScenario.NODES);
      t.line("bird -c " + c.dir().resolve("bird.conf") + " (pid " + bird.pid() + ")");
      t.step("3. The datastore: the embedded SQLite store at " + c.dir().resolve("state.db"));
      DemoScenario.Cli r =
          DemoScenario.apply(
              c.dir(),
              "cluster.yaml",
              DemoScenario.clusterYaml(179, LinuxCluster.ROUTER_A),
              c.datastoreUri());
      t.line(
          "gingham apply -f cluster.yaml   (IPPool "
              + DemoScenario.POOL
              + ", BGPConfiguration AS "
              + DemoScenario.NODE_AS
              + " with the node mesh, BGPPeer router, Profile kns.demo)");
      t.block(r.out() + r.err());
      if (r.exit() != 0) {
        throw new IllegalStateException("applying the cluster's resources failed: " + r.err());
      }
      t.step("4. One node agent per node: a JVM in each node namespace");
      for (String node : DemoScenario.NODES) {
        Process p = c.startAgent(node);
        t.line(
            "ip netns exec "
                + c.nodeNs(node)
                + " gingham-agent --node "
                + node
                + " --ip-autodetection interface=eth0 (pid "
                + p.pid()
                + ")");
      }
      for (String node : DemoScenario.NODES) {
        LinuxCluster.await("the agent of " + node, 45, () -> c.ready(node));
        t.line(node + ": running, control socket " + c.socket(node));
      }
      try (Datastore store = Datastores.open(c.datastoreUri());
          Dataplane dp = Dataplanes.open("linux")) {
        Ipam ipam = Ipams.create(store);
        t.step("5. Two pods per node, added by the real gingham CNI plugin");
        c.installCni();
        t.line("gingham cni install --dir " + c.cniBin());
        for (String node : DemoScenario.NODES) {
          for (String pod : DemoScenario.PODS) {
            String name = node + "-pod-" + pod;
            DemoPods.Pod p =
                c.cniAdd(
                    Resources.store(store),
                    node,
                    name,
                    Labels.of("app", DemoScenario.app(node, pod)));
            t.line(
                String.format(
                    "CNI ADD %s on %s: %-11s app=%-5s endpoint %s, %s <-> eth0 in %s",
                    p.name(),
                    node,
                    p.ip(),
                    DemoScenario.app(node, pod),
                    p.ref(),
                    p.hostInterface(),
                    p.netns()));
          }
        }
        converge(c, dp, ipam);
        show(c, dp);
        boolean tcp = traffic(c);
        boolean denied = policy(c);
        t.step("Summary");
        t.line(
            (tcp ? "cross-node pod-to-pod TCP worked" : "cross-node pod-to-pod TCP FAILED")
                + "; "
                + (denied
                    ? "the deny policy blocked exactly web -> db"
                    : "the deny policy did NOT act as expected"));
        t.step("Cleanup: stopping agents, BIRD and iperf3; deleting the namespaces");
        return tcp && denied ? ExitCodes.OK : ExitCodes.USAGE;
      }
    } finally {
      t.line("done");
    }
  }

  private void converge(LinuxCluster c, Dataplane dp, Ipam ipam) throws InterruptedException {
    t.step("6. Convergence: every node programs a route to every other node's block");
    Map<String, List<IpPrefix>> blocks = new LinkedHashMap<>();
    for (String node : DemoScenario.NODES) {
      blocks.put(node, ipam.blocksOf(node));
    }
    LinuxCluster.await(
        "every node's routes to the other nodes' blocks",
        30,
        () -> DemoScenario.routedEverywhere(blocks, node -> c.routes(dp, node)));
    t.line("converged");
  }

  private void show(LinuxCluster c, Dataplane dp) throws Exception {
    t.step("7. BGP sessions (gingham node status, from each agent's control socket)");
    for (String node : DemoScenario.NODES) {
      t.line(node + ":");
      DemoScenario.Cli r =
          DemoScenario.gingham("node", "status", "--socket", c.socket(node).toString());
      t.block(r.out() + r.err());
    }
    t.line("the router (birdc show protocols):");
    t.block(c.birdc("show", "protocols"));
    t.step("8. Each node's routes (protocol 80, Gingham's)");
    for (String node : DemoScenario.NODES) {
      t.line(node + ":");
      StringBuilder b = new StringBuilder();
      c.routes(dp, node).stream()
          .sorted(Comparator.comparing(x -> x.destination().toString()))
          .forEach(x -> b.append(x).append('\n'));
      t.block(b.toString());
    }
    t.step("9. IPAM blocks (gingham ipam show --show-blocks)");
    DemoScenario.Cli r =
        DemoScenario.gingham("ipam", "show", "--show-blocks", "--datastore", c.datastoreUri());
    t.block(r.out() + r.err());
  }

  private boolean traffic(LinuxCluster c) throws Exception {
    t.step(
        "10. Cross-node pod-to-pod TCP: iperf3 to every pod on another node (bounded: 5 s a try)");
    c.startServers();
    int ok = 0;
    int total = 0;
    for (DemoPods.Pod from : c.pods()) {
      StringBuilder row = new StringBuilder(String.format("%-16s ->", from.name()));
      for (DemoPods.Pod to : c.pods()) {
        if (!to.node().equals(from.node())) {
          total++;
          boolean connected = c.connects(from, to);
          ok += connected ? 1 : 0;
          row.append(' ').append(to.name()).append(connected ? " ok " : " FAIL");
        }
      }
      t.line(row.toString());
    }
    t.line(ok + " of " + total + " cross-node pairs connected");
    DemoPods.Pod a = c.pods().get(0);
    DemoPods.Pod b = c.pods().get(c.pods().size() - 1);
    for (String l : c.iperf(a, b, 1).split("\n")) {
      if (l.contains("receiver")) {
        t.line(
            "iperf3 -t 1 " + a.name() + " -> " + b.name() + ": " + l.trim().replaceAll(" +", " "));
      }
    }
    return ok == total;
  }

  private boolean policy(LinuxCluster c) throws Exception {
    t.step("11. A deny policy: web (node-1's pod a) may not reach db (node-2's pod a)");
    DemoPods.Pod web = c.pod("node-1-pod-a");
    DemoPods.Pod db = c.pod("node-2-pod-a");
    DemoPods.Pod other = c.pod("node-3-pod-a");
    DemoScenario.Cli r =
        DemoScenario.apply(c.dir(), "deny.yaml", DemoScenario.denyYaml(), c.datastoreUri());
    t.line("gingham apply -f deny.yaml");
    t.block(DemoScenario.denyYaml() + r.out() + r.err());
    boolean[] blocked = {false};
    LinuxCluster.await(
        "the policy to reach node-2's packet filter",
        15,
        () -> {
          try {
            blocked[0] = !c.connects(web, db);
            return blocked[0];
          } catch (Exception e) {
            return false;
          }
        });
    t.line(
        web.name()
            + " -> "
            + db.name()
            + ": "
            + (blocked[0] ? "blocked (no answer: the packet filter drops it)" : "still connects"));
    boolean otherOk = c.connects(other, db);
    t.line(
        other.name()
            + " -> "
            + db.name()
            + ": "
            + (otherOk ? "ok (the policy allows everyone else)" : "FAIL"));
    t.line(
        "gingham policy explain --from "
            + web.ref()
            + " --to "
            + db.ref()
            + " --port "
            + LinuxCluster.IPERF_PORT
            + ":");
    DemoScenario.Cli e =
        DemoScenario.gingham(
            "policy",
            "explain",
            "--datastore",
            c.datastoreUri(),
            "--from",
            web.ref(),
            "--to",
            db.ref(),
            "--port",
            Integer.toString(LinuxCluster.IPERF_PORT));
    t.block(e.out() + e.err());
    return blocked[0] && otherOk && e.exit() == PolicyExplainCommand.DENIED;
  }
}
