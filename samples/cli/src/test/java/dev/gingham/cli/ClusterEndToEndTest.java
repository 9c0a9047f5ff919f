package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node agent end to end on the kernel: three node namespaces, one agent process per node on one
 * SQLite store, two pods per node, real TCP between them (iperf3), the nftables packet filter.
 * Needs root, ip, iperf3, ping and ss; under CI=true a missing one fails the test.
 */
class ClusterEndToEndTest {
  private static final List<String> NODES = DemoScenario.NODES;

  @BeforeAll
  static void prerequisites() {
    String missing = null;
    if (!"root".equals(System.getProperty("user.name"))) {
      missing = "root";
    } else {
      for (String tool : new String[] {"ip", "iperf3", "ping", "ss", "nft"}) {
        if (!onPath(tool)) {
          missing = tool;
        }
      }
    }
    if (missing != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("the cluster test needs " + missing + " (CI=true: a missing prerequisite fails)");
      }
      assumeTrue(false, "the cluster test needs " + missing);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Brings a cluster up: resources, agents, two pods per node, iperf3 servers, converged routes.
   */
  private static void bringUp(LinuxCluster c, Datastore store, Dataplane dp, String vxlanMode)
      throws Exception {
    DemoScenario.Cli r =
        DemoScenario.apply(
            c.dir(),
            "cluster.yaml",
            DemoScenario.clusterYaml(179, null, vxlanMode),
            c.datastoreUri());
    assertThat(r.exit()).as(r.err()).isZero();
    for (String node : NODES) {
      c.startAgent(node);
    }
    for (String node : NODES) {
      LinuxCluster.await("the agent of " + node, 60, () -> c.ready(node));
    }
    ResourceStore resources = Resources.store(store);
    Ipam ipam = Ipams.create(store);
    c.installCni();
    for (String node : NODES) {
      for (String pod : DemoScenario.PODS) {
        c.cniAdd(
            resources, node, node + "-pod-" + pod, Labels.of("app", DemoScenario.app(node, pod)));
      }
    }
    LinuxCluster.await(
        "every node's route to every other node's block",
        30,
        () -> {
          for (String node : NODES) {
            List<Route> rs = c.routes(dp, node);
            for (String other : NODES) {
              if (!other.equals(node)) {
                for (IpPrefix b : ipam.blocksOf(other)) {
                  if (rs.stream().noneMatch(x -> x.destination().equals(b))) {
                    return false;
                  }
                }
              }
            }
          }
          return true;
        });
    c.startServers();
  }

  /** Every ordered pair of distinct pods: 6 x 5. */
  private static Map<String, Boolean> matrix(LinuxCluster c) throws Exception {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (DemoPods.Pod from : c.pods()) {
      for (DemoPods.Pod to : c.pods()) {
        if (from != to) {
          out.put(from.name() + " -> " + to.name(), c.connects(from, to));
        }
      }
    }
    return out;
  }

  @Test
  void noEncapBgp_allPairs_policyAsTheEvaluatorSays_crashRestart_nodeDeletion() throws Exception {
    try (LinuxCluster c = new LinuxCluster("gt1-", NODES, false);
        Datastore store = Datastores.open(c.datastoreUri());
        Dataplane dp = Dataplanes.open("linux")) {
      bringUp(c, store, dp, "Never");
      Map<String, Boolean> before = matrix(c);
      assertThat(before).hasSize(30);
      assertThat(before).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
      // Native routing: a remote block goes straight to its node over eth0.
      Ipam ipam = Ipams.create(store);
      IpPrefix block2 = ipam.blocksOf("node-2").get(0);
      assertThat(c.routes(dp, "node-1"))
          .anySatisfy(
              r -> {
                assertThat(r.destination()).isEqualTo(block2);
                assertThat(String.valueOf(r.gateway())).isEqualTo(c.nodeIp("node-2"));
                assertThat(r.device()).isEqualTo("eth0");
              });

      // A policy blocks exactly the pairs the reference evaluator denies.
      DemoScenario.Cli applied =
          DemoScenario.apply(c.dir(), "deny.yaml", DemoScenario.denyYaml(), c.datastoreUri());
      assertThat(applied.exit()).as(applied.err()).isZero();
      DemoPods.Pod web = c.pod("node-1-pod-a");
      DemoPods.Pod db = c.pod("node-2-pod-a");
      LinuxCluster.await(
          "the policy on node-2",
          20,
          () -> {
            try {
              return !c.connects(web, db);
            } catch (Exception e) {
              return false;
            }
          });
      Map<String, Boolean> expected = new LinkedHashMap<>();
      for (DemoPods.Pod from : c.pods()) {
        for (DemoPods.Pod to : c.pods()) {
          if (from != to) {
            DemoScenario.Cli e =
                DemoScenario.gingham(
                    "policy",
                    "explain",
                    "--datastore",
                    c.datastoreUri(),
                    "--from",
                    from.ref(),
                    "--to",
                    to.ref(),
                    "--port",
                    Integer.toString(LinuxCluster.IPERF_PORT));
            assertThat(e.exit()).as(e.err()).isIn(0, 4);
            expected.put(from.name() + " -> " + to.name(), e.exit() == 0);
          }
        }
      }
      assertThat(expected.values()).containsOnlyOnce(false);
      assertThat(matrix(c)).isEqualTo(expected);

      // SIGKILL node-2's agent and start it again: node-1's pod keeps reaching node-2's pod.
      DemoPods.Pod from = c.pod("node-1-pod-b");
      DemoPods.Pod to = c.pod("node-2-pod-b");
      Path pingLog = c.dir().resolve("ping.log");
      // 20 ms apart, 600 probes: 12 s, bounded in count and time.
      ProcessBuilder pb =
          new ProcessBuilder(
                  DemoShell.in(
                      from.netns(),
                      "ping",
                      "-n",
                      "-i",
                      "0.02",
                      "-c",
                      "600",
                      "-W",
                      "1",
                      to.ip().toString()))
              .redirectErrorStream(true)
              .redirectOutput(pingLog.toFile());
      Process ping = pb.start();
      try {
        Thread.sleep(1_000);
        c.killAgent("node-2");
        Thread.sleep(1_000);
        c.startAgent("node-2");
        LinuxCluster.await("node-2's agent after its restart", 60, () -> c.answers("node-2"));
        // It restarted through BGP graceful restart, saying truthfully that it kept its routes,
        // and let go of what it retained only once its peers had restated their tables.
        LinuxCluster.await(
            "node-2's graceful restart to finish",
            60,
            () -> readLog(c, "node-2").contains("graceful restart done"));
        assertThat(readLog(c, "node-2"))
            .contains("restarting gracefully; keeping")
            .contains("restarted gracefully (forwarding state preserved)");
        assertThat(ping.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      } finally {
        ping.destroyForcibly();
      }
      int gap = longestGap(Files.readString(pingLog), 600);
      assertThat(gap * 20)
          .as("longest loss in ms, ping log:%n%s", Files.readString(pingLog))
          .isLessThanOrEqualTo(1_000);
      assertThat(c.connects(from, to)).isTrue();

      // Delete node-3: its affinities are released and its block's route leaves the others.
      IpPrefix block3 = ipam.blocksOf("node-3").get(0);
      c.killAgent("node-3");
      ResourceStore resources = Resources.store(store);
      for (String pod : List.of("node-3-pod-a", "node-3-pod-b")) {
        for (var w :
            resources.list(ResourceKind.WORKLOAD_ENDPOINT, DemoCommand.NAMESPACE).items()) {
          if (pod.equals(w.spec().pod())) {
            resources.delete(w.id());
          }
        }
        ipam.releaseIps(List.of(c.pod(pod).ip()));
      }
      resources.delete(ResourceId.of(ResourceKind.NODE, "node-3"));
      LinuxCluster.await(
          "node-3's affinities released", 20, () -> ipam.blocksOf("node-3").isEmpty());
      LinuxCluster.await(
          "node-3's block gone from node-1 and node-2",
          30,
          () ->
              c.routes(dp, "node-1").stream().noneMatch(r -> r.destination().equals(block3))
                  && c.routes(dp, "node-2").stream()
                      .noneMatch(r -> r.destination().equals(block3)));
    }
  }

  /** The longest run of missing replies among icmp_seq 1..count. */
  static int longestGap(String pingOutput, int count) {
    boolean[] seen = new boolean[count + 2];
    Matcher m = Pattern.compile("icmp_seq=(\\d+)").matcher(pingOutput);
    int last = 0;
    while (m.find()) {
      int seq = Integer.parseInt(m.group(1));
      if (seq <= count) {
        seen[seq] = true;
        last = Math.max(last, seq);
      }
    }
    if (last == 0) {
      return count;
    }
    int longest = 0;
    int run = 0;
    for (int i = 1; i <= last; i++) {
      run = seen[i] ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  @Test
  void vxlanAlways_allPairsConnect_overTheTunnel() throws Exception {
    try (LinuxCluster c = new LinuxCluster("gt2-", NODES, false);
        Datastore store = Datastores.open(c.datastoreUri());
        Dataplane dp = Dataplanes.open("linux")) {
      bringUp(c, store, dp, "Always");
      for (String node : NODES) {
        assertThat(c.links(dp, node))
            .anySatisfy(
                l -> {
                  assertThat(l.name()).isEqualTo("vxlan.calico");
                  assertThat(l.kind()).isEqualTo("vxlan");
                  assertThat(l.mtu()).isEqualTo(1450);
                });
        assertThat(c.mtu(node)).isEqualTo(1450);
      }
      IpPrefix block2 = Ipams.create(store).blocksOf("node-2").get(0);
      assertThat(c.routes(dp, "node-1"))
          .anySatisfy(
              r -> {
                assertThat(r.destination()).isEqualTo(block2);
                assertThat(r.device()).isEqualTo("vxlan.calico");
                assertThat(r.onLink()).isTrue();
              });
      Map<String, Boolean> m = matrix(c);
      assertThat(m).hasSize(30);
      assertThat(m).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
    }
  }

  @Test
  void crossSubnet_encapsulatesOnlyAcrossTheRouter() throws Exception {
    try (LinuxCluster c = new LinuxCluster("gt3-", NODES, true);
        Datastore store = Datastores.open(c.datastoreUri());
        Dataplane dp = Dataplanes.open("linux")) {
      bringUp(c, store, dp, "CrossSubnet");
      Ipam ipam = Ipams.create(store);
      IpPrefix block2 = ipam.blocksOf("node-2").get(0);
      IpPrefix block3 = ipam.blocksOf("node-3").get(0);
      List<Route> n1 = new ArrayList<>(c.routes(dp, "node-1"));
      // node-2 shares node-1's subnet: native; node-3 is behind the router: VXLAN.
      assertThat(n1)
          .anySatisfy(
              r -> {
                assertThat(r.destination()).isEqualTo(block2);
                assertThat(r.device()).isEqualTo("eth0");
                assertThat(String.valueOf(r.gateway())).isEqualTo(c.nodeIp("node-2"));
              });
      assertThat(n1)
          .anySatisfy(
              r -> {
                assertThat(r.destination()).isEqualTo(block3);
                assertThat(r.device()).isEqualTo("vxlan.calico");
              });
      assertThat(c.routes(dp, "node-3"))
          .allSatisfy(
              r ->
                  assertThat(
                          r.device() == null || !r.device().equals("eth0") || r.gateway() == null)
                      .as("node-3 reaches nothing natively across the router: %s", r)
                      .isTrue());
      Map<String, Boolean> m = matrix(c);
      assertThat(m).allSatisfy((pair, ok) -> assertThat(ok).as(pair).isTrue());
    }
  }

  private static String readLog(LinuxCluster c, String node) {
    try {
      return Files.readString(c.log(node));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
