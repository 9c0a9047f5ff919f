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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod added (CNI ADD of the real plugin returns) until every other node routes to it and every
 * node's packet filter has its address in the policy's set, in a three-node namespace cluster with
 * one agent process per node on SQLite. Blocks are /26s: the first pod of a node brings a new block
 * that BGP carries to the others; the later ones fall in a block already routed, so for them the
 * route part is immediate and the policy part is what is timed. A GlobalNetworkPolicy lets pods
 * labelled {@code role=client} in, so every node must add the new pod's address to that selector's
 * set. 20 pods after 3 unrecorded ones. The sets are followed with one {@code nft monitor} per node
 * ({@link NftElementMonitor}): the time an address arrives is when the kernel reported its element,
 * and the harness spends no CPU the agents need (it used to spawn {@code nft list ruleset} in each
 * node every few milliseconds, which on two cores competed with the very agents it timed). Routes
 * are read over netlink every millisecond until they are there.
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
      Map<String, NftElementMonitor> monitors = new LinkedHashMap<>();
      try (Datastore store = Datastores.open(c.datastoreUri());
          Dataplane dp = Dataplanes.open("linux")) {
        for (String n : NODES) {
          monitors.put(n, NftElementMonitor.start(c.nodeNs(n)));
        }
        ResourceStore resources = Resources.store(store);
        long[] ms = new long[PODS];
        for (int i = 0; i < WARMUP + PODS; i++) {
          String node = NODES.get(i % NODES.size());
          DemoPods.Pod p = c.cniAdd(resources, node, "lat-" + i, Labels.of("role", "client"));
          long t0 = c.lastAddReturnedNanos();
          long t = awaitEverywhere(c, dp, monitors, p, t0);
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
      } finally {
        monitors.values().forEach(NftElementMonitor::close);
      }
    }
  }

  /** Nanoseconds from {@code t0} until the pod is routed and in the sets everywhere. */
  private static long awaitEverywhere(
      LinuxCluster c,
      Dataplane dp,
      Map<String, NftElementMonitor> monitors,
      DemoPods.Pod p,
      long t0)
      throws Exception {
    String ip = p.ip().toString();
    long last = t0;
    List<String> routesPending = new ArrayList<>(NODES);
    routesPending.remove(p.node());
    List<String> setsPending = new ArrayList<>(NODES);
    while (!setsPending.isEmpty() || !routesPending.isEmpty()) {
      if (System.nanoTime() - t0 > TIMEOUT_NS) {
        throw new IllegalStateException(
            "pod "
                + p.name()
                + " not everywhere after 10 s: routes "
                + routesPending
                + ", sets "
                + setsPending);
      }
      for (String n : new ArrayList<>(routesPending)) {
        if (covered(c.routes(dp, n), p.ip())) {
          last = Math.max(last, System.nanoTime());
          routesPending.remove(n);
        }
      }
      for (String n : new ArrayList<>(setsPending)) {
        Long at = monitors.get(n).seen(ip);
        if (at != null) {
          last = Math.max(last, at);
          setsPending.remove(n);
        }
      }
      Thread.sleep(1);
    }
    return last - t0;
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
