package dev.gingham.benchmarks.agent;

import dev.gingham.cli.DemoPods;
import dev.gingham.cli.DemoScenario;
import dev.gingham.cli.LinuxCluster;
import dev.gingham.core.Resources;
import dev.gingham.net.IpAddress;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ResourceStore;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pod added (CNI ADD of the real plugin returns) until every other node routes to it and every
 * node's packet filter has its address in the policy's set, in a three-node namespace cluster with
 * one agent process per node on SQLite. Blocks are /26s: the first pod of a node brings a new block
 * that BGP carries to the others; the later ones fall in a block already routed, so for them the
 * route part is immediate and the policy part is what is timed. A GlobalNetworkPolicy lets pods
 * labelled {@code role=client} in, so every node must add the new pod's address to that selector's
 * set. 20 pods after 3 unrecorded ones; the three nodes' sets are read in parallel with {@code nft
 * list ruleset}, routes over netlink, in a loop with 2 ms pauses: a read costs some 10 ms on a
 * loaded machine, which bounds the resolution.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.agent.PodAddLatencyHarness}. It removes its namespaces ({@code ghlat-*})
 * at the end, also on failure or Ctrl-C.
 */
public final class PodAddLatencyHarness {
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static final int WARMUP = 3;
  private static final int PODS = 20;
  private static final long TIMEOUT_NS = 10_000_000_000L;

  private static final java.util.concurrent.ExecutorService POOL =
      java.util.concurrent.Executors.newFixedThreadPool(
          3,
          r -> {
            Thread t = new Thread(r, "nft-reader");
            t.setDaemon(true);
            return t;
          });

  private PodAddLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    try (LinuxCluster c = new LinuxCluster("ghlat-", NODES, false)) {
      String yaml =
          "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: lat-pool}\n"
              + "spec: {cidr: 10.80.0.0/16, blockSize: 26, vxlanMode: Never, natOutgoing: false}\n"
              + "---\napiVersion: projectcalico.org/v3\nkind: BGPConfiguration\n"
              + "metadata: {name: default}\nspec: {asNumber: 64512, nodeToNodeMeshEnabled: true}\n"
              + "---\napiVersion: projectcalico.org/v3\nkind: Profile\n"
              + "metadata: {name: kns.demo}\nspec: {ingress: [{action: Allow}], egress: [{action: Allow}]}\n"
              + "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n"
              + "metadata: {name: clients-in}\n"
              + "spec: {selector: all(), types: [Ingress],"
              + " ingress: [{action: Allow, source: {selector: role == 'client'}}]}\n";
      DemoScenario.Cli r = DemoScenario.apply(c.dir(), "cluster.yaml", yaml, c.datastoreUri());
      if (r.exit() != 0) {
        throw new IllegalStateException(r.err());
      }
      for (String n : NODES) {
        c.startAgent(n);
      }
      for (String n : NODES) {
        LinuxCluster.await("agent " + n, 60, () -> c.ready(n));
      }
      c.installCni();
      try (Datastore store = Datastores.open(c.datastoreUri());
          Dataplane dp = Dataplanes.open("linux")) {
        ResourceStore resources = Resources.store(store);
        long[] ms = new long[PODS];
        for (int i = 0; i < WARMUP + PODS; i++) {
          String node = NODES.get(i % NODES.size());
          DemoPods.Pod p = c.cniAdd(resources, node, "lat-" + i, Labels.of("role", "client"));
          long t0 = c.lastAddReturnedNanos();
          long t = awaitEverywhere(c, dp, p, t0);
          if (i >= WARMUP) {
            ms[i - WARMUP] = t;
          }
          System.out.printf("pod %-7s on %s (%s): %.1f ms%n", p.name(), node, p.ip(), t / 1e6);
        }
        Arrays.sort(ms);
        System.out.printf(
            "pod add -> route on every other node and address in every node's policy set,"
                + " %d pods: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%s)%n",
            PODS,
            ms[PODS / 2] / 1e6,
            ms[(int) Math.ceil(PODS * 0.99) - 1] / 1e6,
            ms[PODS - 1] / 1e6,
            Load.average());
      }
    }
  }

  /** Nanoseconds from {@code t0} until the pod is routed and in the sets everywhere. */
  private static long awaitEverywhere(LinuxCluster c, Dataplane dp, DemoPods.Pod p, long t0)
      throws Exception {
    List<String> pending = new ArrayList<>(NODES);
    List<String> routesPending = new ArrayList<>(NODES);
    routesPending.remove(p.node());
    while (!pending.isEmpty() || !routesPending.isEmpty()) {
      if (System.nanoTime() - t0 > TIMEOUT_NS) {
        throw new IllegalStateException(
            "pod "
                + p.name()
                + " not everywhere after 10 s: routes "
                + routesPending
                + ", sets "
                + pending);
      }
      routesPending.removeIf(n -> covered(c.routes(dp, n), p.ip()));
      List<java.util.concurrent.Future<Boolean>> reads = new ArrayList<>();
      for (String n : pending) {
        reads.add(
            POOL.submit(
                () ->
                    c.inNode(n, 5, "nft", "list", "ruleset").output().contains(p.ip().toString())));
      }
      List<String> done = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        if (reads.get(i).get()) {
          done.add(pending.get(i));
        }
      }
      pending.removeAll(done);
      Thread.sleep(2);
    }
    return System.nanoTime() - t0;
  }

  private static boolean covered(List<Route> routes, IpAddress ip) {
    for (Route r : routes) {
      if (r.destination().contains(ip) && r.gateway() != null) {
        return true;
      }
    }
    return false;
  }
}
