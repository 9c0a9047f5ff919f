package dev.gingham.benchmarks.agent;

import dev.gingham.core.AgentGroup;
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
import dev.gingham.net.Ipv4Address;
import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.BgpPeerSpec;
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
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A simulated cluster of many nodes in one JVM: one agent per node on the simulated dataplane and
 * one in-memory datastore, with the mesh off and {@code --reflectors} nodes as route reflectors
 * (one cluster id, label {@code route-reflector}, one BGPPeer from every node to them, as Calico
 * does it). Each node's speaker listens on its own loopback address (127.20.x.y), so the BGP
 * sessions are real TCP on loopback. Every node gets {@code --pods} pods (IPAM, the plugin's wiring
 * on the simulated dataplane, a WorkloadEndpoint) before any agent starts.
 *
 * <p>It reports:
 *
 * <ul>
 *   <li>convergence from cold: from the first agent's start until every node's dataplane has a
 *       route to every other node's blocks via that node;
 *   <li>one pod add reflected everywhere: a pod from a second pool, so that it brings a new block
 *       that BGP must carry, from the endpoint's write until every other node routes to it (a pod
 *       that falls in a block already routed needs no new route at all) and, with {@code --policy
 *       true} (the default), every node's packet filter holds its address: a global policy lets
 *       every pod ({@code app == 'scale'}) in from every pod, so each node keeps every pod's
 *       address in that rule's selector set;
 *   <li>heap per node: the used heap after a full GC with the cluster converged (after the pod
 *       add), less the used heap before the cluster was built, divided by the nodes (pods, agents,
 *       speakers and the shared store's share).
 * </ul>
 *
 * <p>The first pod is added as soon as every agent is ready, the worst moment (the last agents'
 * first policy loads are still young garbage then); with {@code --adds N} (3 by default) N - 1 more
 * follow, each {@value #ADD_GAP_MILLIS} ms after the one before is everywhere, each on another node
 * and so with another new block. Every one is reported, and the slowest.
 *
 * <p>The agents run in one {@link AgentGroup} (one syncer, a few shared threads), as a simulator
 * should; {@code --group false} gives each agent its own syncer and threads, as separate processes
 * have them.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.agent.SimulatedScaleHarness --nodes 500 --pods 20 --reflectors 2}. Every
 * wait is bounded ({@code --timeout} seconds, 300 by default); it exits 1 when one runs out. A
 * SIGTERM or Ctrl-C closes the agents (at most {@value #CLOSE_SECONDS} s, then the JVM halts).
 */
public final class SimulatedScaleHarness {
  private static final IpPrefix POOL = IpPrefix.parse("10.64.0.0/14");
  private static final IpPrefix LATE_POOL = IpPrefix.parse("10.200.0.0/16");
  private static final Ipv4Address CLUSTER_ID = (Ipv4Address) IpAddress.parse("244.0.0.1");
  private static final int CLOSE_SECONDS = 20;
  private static final long ADD_GAP_MILLIS = 2_000;

  private SimulatedScaleHarness() {}

  /**
   * The figures of one run.
   *
   * @param podAddMillis each pod add, in order; the first came as soon as every agent was ready
   */
  public record Result(
      int nodes,
      int pods,
      int reflectors,
      double coldSeconds,
      double readySeconds,
      List<Double> podAddMillis,
      long heapPerNode) {
    public Result {
      podAddMillis = List.copyOf(podAddMillis);
    }

    /** The slowest pod add. */
    public double slowestPodAddMillis() {
      return podAddMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'");
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    int nodes = Integer.parseInt(opts.getOrDefault("nodes", "500"));
    int pods = Integer.parseInt(opts.getOrDefault("pods", "20"));
    int reflectors = Integer.parseInt(opts.getOrDefault("reflectors", "2"));
    long timeout = Long.parseLong(opts.getOrDefault("timeout", "300"));
    boolean group = Boolean.parseBoolean(opts.getOrDefault("group", "true"));
    boolean policy = Boolean.parseBoolean(opts.getOrDefault("policy", "true"));
    int adds = Integer.parseInt(opts.getOrDefault("adds", "3"));
    if (nodes < 2
        || nodes > 60_000
        || pods < 0
        || reflectors < 1
        || reflectors >= nodes
        || adds < 1
        || adds > nodes - reflectors) {
      throw new IllegalArgumentException(
          "need 2 <= nodes <= 60000, pods >= 0, 1 <= reflectors < nodes and 1 <= adds <= nodes -"
              + " reflectors; got nodes="
              + nodes
              + " pods="
              + pods
              + " reflectors="
              + reflectors
              + " adds="
              + adds);
    }
    Result r = run(nodes, pods, reflectors, timeout, group, policy, adds);
    StringBuilder each = new StringBuilder();
    for (double ms : r.podAddMillis()) {
      each.append(each.length() == 0 ? "" : ", ").append(Math.round(ms));
    }
    System.out.printf(
        Locale.ROOT,
        "nodes=%d pods/node=%d reflectors=%d group=%s policy=%s: cold convergence %.1f s (every agent ready, policy too, %.1f s); one pod add (new block)"
            + " on every node %.0f ms (each: %s ms; slowest %.0f ms); heap per node %.0f KiB; %s%n",
        r.nodes(),
        r.pods(),
        r.reflectors(),
        group,
        policy,
        r.coldSeconds(),
        r.readySeconds(),
        r.podAddMillis().get(0),
        each,
        r.slowestPodAddMillis(),
        r.heapPerNode() / 1024.0,
        Load.average());
    System.exit(0);
  }

  static IpAddress address(int node) {
    return IpAddress.parse("127.20." + (node / 250) + "." + (node % 250 + 1));
  }

  /** Builds, measures and tears down one cluster. */
  public static Result run(
      int nodes,
      int pods,
      int reflectors,
      long timeoutSeconds,
      boolean shareGroup,
      boolean policy,
      int adds)
      throws Exception {
    long heapBefore = usedHeapAfterGc();
    Datastore store = Datastores.open("memory:");
    Dataplane dp = Dataplanes.open("simulated");
    List<NodeAgent> agents = new CopyOnWriteArrayList<>();
    @Nullable AgentGroup group = shareGroup ? NodeAgents.group(store) : null;
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeAll =
        () -> {
          if (closed.compareAndSet(false, true)) {
            // Many at once: a speaker's close waits for its event loop to wind down.
            java.util.concurrent.ForkJoinPool closers = new java.util.concurrent.ForkJoinPool(64);
            try {
              closers.submit(() -> agents.parallelStream().forEach(NodeAgent::close)).join();
            } finally {
              closers.shutdown();
            }
            if (group != null) {
              group.close();
            }
            dp.close();
            store.close();
          }
        };
    Thread hook = new Thread(() -> closeBounded(closeAll), "scale-harness-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ResourceStore resources = Resources.store(store);
      Ipam ipam = Ipams.create(store);
      ipam.createPool(IpPool.builder("scale", POOL).build());
      ipam.createPool(IpPool.builder("late", LATE_POOL).build());
      resources.create(
          Resource.of(
              ResourceKind.BGP_CONFIGURATION,
              ObjectMeta.of("default"),
              new BgpConfigurationSpec(
                  null,
                  false,
                  64512L,
                  List.of(),
                  List.of(),
                  List.of(),
                  freePort(),
                  null,
                  List.of(),
                  List.of(),
                  List.of(),
                  null)));
      resources.create(
          Resource.of(
              ResourceKind.BGP_PEER,
              ObjectMeta.of("peer-with-route-reflectors"),
              BgpPeerSpec.builder()
                  .nodeSelector(Selector.ALL)
                  .peerSelector(Selector.parse("has(route-reflector)"))
                  .build()));
      if (policy) {
        resources.create(ALLOW_PODS);
      }
      NetworkNamespace fabric = dp.namespaces().create("fabric");
      List<NetworkNamespace> ns = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        NetworkNamespace n = dp.namespaces().create("node-" + i);
        ns.add(n);
        dp.links().createVeth(n, new VethSpec("eth0", null, "n" + i, fabric, null, 0));
        dp.links().setUp(n, "eth0", true);
        dp.addresses().add(n, InterfaceAddress.of("eth0", address(i), 8));
        for (int p = 0; p < pods; p++) {
          addPod(dp, ipam, resources, n, i, "pod-" + i + "-" + p, POOL);
        }
      }
      System.err.printf(
          Locale.ROOT, "built %d nodes with %d pods each; starting the agents%n", nodes, pods);
      long start = System.nanoTime();
      // What each agent applied: a node's dataplane is read again only after its agent applied
      // something since the last read, so that polling 500 nodes does not starve the agents.
      AtomicLongArray routePasses = new AtomicLongArray(nodes);
      AtomicLongArray policyPasses = new AtomicLongArray(nodes);
      for (int i = 0; i < nodes; i++) {
        int node = i;
        NodeAgents.Builder b =
            NodeAgents.builder(store, dp, "node-" + i)
                .namespace(ns.get(i))
                .ipAutodetection("interface=eth0")
                .listener(
                    new NodeAgent.Listener() {
                      @Override
                      public void passFinished(Duration took) {
                        routePasses.incrementAndGet(node);
                      }

                      @Override
                      public void policyApplied(Duration latency) {
                        policyPasses.incrementAndGet(node);
                      }
                    });
        if (group != null) {
          b.group(group);
        }
        if (i < reflectors) {
          b.routeReflectorClusterId(CLUSTER_ID).labels(Map.of("route-reflector", "true"));
        }
        agents.add(b.start());
      }
      Map<Integer, List<IpPrefix>> blocks = new HashMap<>();
      for (int i = 0; i < nodes; i++) {
        blocks.put(i, ipam.blocksOf("node-" + i));
      }
      // Nodes found converged are not looked at again until all are, then all once more: the
      // harness's own checks must not starve the agents it times.
      boolean[] done = new boolean[nodes];
      await(
          "cold convergence",
          timeoutSeconds,
          () -> {
            boolean all = true;
            for (int i = 0; i < nodes; i++) {
              if (!done[i]) {
                done[i] = routesEveryBlock(dp, ns.get(i), i, blocks);
                all &= done[i];
              }
            }
            if (all) {
              for (int i = 0; i < nodes; i++) {
                done[i] = routesEveryBlock(dp, ns.get(i), i, blocks);
                all &= done[i];
              }
            }
            return all;
          });
      double cold = (System.nanoTime() - start) / 1e9;
      System.err.printf(Locale.ROOT, "converged from cold in %.1f s%n", cold);
      // Ready: routes and policy applied from an in-sync cache, on every agent.
      await("every agent ready", timeoutSeconds, () -> agents.stream().allMatch(NodeAgent::ready));
      double ready = (System.nanoTime() - start) / 1e9;
      System.err.printf(Locale.ROOT, "every agent ready (policy applied too) at %.1f s%n", ready);

      List<Double> addMillis = new ArrayList<>();
      for (int a = 0; a < adds; a++) {
        if (a > 0) {
          Thread.sleep(ADD_GAP_MILLIS);
        }
        int k = nodes - 1 - a;
        long t0 = System.nanoTime();
        if (Boolean.getBoolean("scale.trace")) {
          System.err.printf(
              Locale.ROOT, "adding late pod %d at %s%n", a, java.time.LocalTime.now());
        }
        IpAddress late = addPod(dp, ipam, resources, ns.get(k), k, "pod-late-" + a, LATE_POOL);
        if (Boolean.getBoolean("scale.trace")) {
          System.err.printf(
              Locale.ROOT, "the late pod's endpoint written at %s%n", java.time.LocalTime.now());
        }
        boolean[] routed = new boolean[nodes];
        routed[k] = true;
        boolean[] filtered = new boolean[nodes];
        long[] routesReadAt = new long[nodes];
        long[] policyReadAt = new long[nodes];
        Arrays.fill(routesReadAt, -1);
        Arrays.fill(policyReadAt, -1);
        Set<String> lateElements = covering(late);
        await(
            policy
                ? "the late pod routed on every node and in every node's packet filter"
                : "the late pod routed on every node",
            timeoutSeconds,
            () -> {
              boolean all = true;
              for (int i = 0; i < nodes; i++) {
                long passes = routePasses.get(i); // before the read: a pass after it reads again
                if (!routed[i] && passes != routesReadAt[i]) {
                  routesReadAt[i] = passes;
                  routed[i] = routesTo(dp, ns.get(i), late, address(k));
                  if (routed[i] && Boolean.getBoolean("scale.trace")) {
                    System.err.printf(
                        Locale.ROOT,
                        "node %d routes the late pod at %.0f ms%n",
                        i,
                        (System.nanoTime() - t0) / 1e6);
                  }
                }
                all &= routed[i];
                long applied = policyPasses.get(i);
                if (policy && !filtered[i] && applied != policyReadAt[i]) {
                  policyReadAt[i] = applied;
                  filtered[i] = filters(dp, ns.get(i), lateElements);
                  if (filtered[i] && Boolean.getBoolean("scale.trace")) {
                    System.err.printf(
                        Locale.ROOT,
                        "node %d filters the late pod at %.0f ms%n",
                        i,
                        (System.nanoTime() - t0) / 1e6);
                  }
                }
                all &= !policy || filtered[i];
              }
              return all;
            });
        double add = (System.nanoTime() - t0) / 1e6;
        addMillis.add(add);
        System.err.printf(Locale.ROOT, "late pod %d on every node in %.0f ms%n", a, add);
      }
      // The heap is measured after the pod add: the full collections it needs stop every agent for
      // seconds on 2 cores, long enough for the 9 s hold timers to expire, and the pod add would
      // then time the sessions' recovery, not the change.
      long heapAfter = usedHeapAfterGc();
      return new Result(
          nodes, pods, reflectors, cold, ready, addMillis, (heapAfter - heapBefore) / nodes);
    } finally {
      closeAll.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran
      }
    }
  }

  /** Runs a close, halting the JVM if it takes longer than {@value #CLOSE_SECONDS} s. */
  private static void closeBounded(Runnable close) {
    Thread t = new Thread(close, "scale-harness-close");
    t.setDaemon(true);
    t.start();
    try {
      t.join(CLOSE_SECONDS * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      System.err.printf(Locale.ROOT, "closing the agents took over %d s; halting%n", CLOSE_SECONDS);
      Runtime.getRuntime().halt(2);
    }
  }

  /** A pod as the CNI plugin makes it: an address, its wiring, then its endpoint. */
  private static IpAddress addPod(
      Dataplane dp,
      Ipam ipam,
      ResourceStore resources,
      NetworkNamespace node,
      int i,
      String name,
      IpPrefix pool) {
    IpAddress ip =
        ipam.autoAssign(
                AssignRequest.builder("pod." + name, "node-" + i)
                    .ipv4(1)
                    .pools(List.of(pool))
                    .build())
            .ipv4()
            .get(0);
    String host = PodNetworks.hostEndName("gw", name);
    try (NetworkNamespace pod = dp.namespaces().create(name)) {
      PodNetworks.wire(dp, node, pod, PodInterface.of(host, "eth0", List.of(ip)));
    }
    resources.create(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.builder(name).namespace("scale").labels(Labels.of("app", "scale")).build(),
            WorkloadEndpointSpec.builder(host)
                .node("node-" + i)
                .ipNetworks(List.of(ip.toPrefix()))
                .build()));
    return ip;
  }

  private static boolean routesEveryBlock(
      Dataplane dp, NetworkNamespace n, int self, Map<Integer, List<IpPrefix>> blocks) {
    Map<IpPrefix, IpAddress> have = new HashMap<>();
    for (Route r : dp.routes().list(n, RouteFilter.owned(Route.PROTOCOL_GINGHAM))) {
      if (r.gateway() != null) {
        have.put(r.destination(), r.gateway());
      }
    }
    for (Map.Entry<Integer, List<IpPrefix>> e : blocks.entrySet()) {
      if (e.getKey() == self) {
        continue;
      }
      for (IpPrefix b : e.getValue()) {
        if (!address(e.getKey()).equals(have.get(b))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Every pod accepts ingress from every pod: each node's packet filter must then hold every pod's
   * address in the rule's selector set ({@code s-...}), its own pods' and every other node's.
   */
  private static final Resource<?> ALLOW_PODS =
      Resources.read(
              Map.of(
                  "apiVersion",
                  "projectcalico.org/v3",
                  "kind",
                  "GlobalNetworkPolicy",
                  "metadata",
                  Map.of("name", "allow-pods"),
                  "spec",
                  Map.of(
                      "selector",
                      "app == 'scale'",
                      "types",
                      List.of("Ingress"),
                      "ingress",
                      List.of(
                          Map.of(
                              "action", "Allow", "source", Map.of("selector", "app == 'scale'"))))),
              "harness")
          .get(0);

  /**
   * The elements of an address set that hold the address: each prefix that contains it, as nftables
   * writes it (a /32 as the bare address). Matching keys against these, rather than parsing every
   * element of every node, keeps the harness from starving the agents it times.
   */
  private static Set<String> covering(IpAddress a) {
    Set<String> out = new HashSet<>();
    for (int len = 0; len <= 32; len++) {
      IpPrefix p = IpPrefix.ofMasking(a, len);
      out.add(len == 32 ? p.network().toString() : p.toString());
    }
    return out;
  }

  /** Whether a selector set of the node's packet filter holds the address. */
  private static boolean filters(Dataplane dp, NetworkNamespace n, Set<String> covering) {
    Optional<FilterTable> t = dp.packetFilter().read(n, FilterFamily.INET, "gingham");
    if (t.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, List<FilterObject.Element>> set : t.get().elements().entrySet()) {
      if (set.getKey().startsWith("s-")) {
        // Newest last, in the simulation: a new pod's element is found at once from the end.
        List<FilterObject.Element> els = set.getValue();
        for (int j = els.size() - 1; j >= 0; j--) {
          if (covering.contains(els.get(j).key())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean routesTo(Dataplane dp, NetworkNamespace n, IpAddress a, IpAddress via) {
    for (Route r : dp.routes().list(n, RouteFilter.owned(Route.PROTOCOL_GINGHAM))) {
      if (r.destination().contains(a) && via.equals(r.gateway())) {
        return true;
      }
    }
    return false;
  }

  private static void await(String what, long timeoutSeconds, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "timed out after " + timeoutSeconds + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static long usedHeapAfterGc() {
    // One full collection: at 500 nodes a second and a third freed nothing (under 5 MiB of 4 GiB)
    // and stopped every agent for 6-9 s more, long enough for the 9 s hold timers to expire and
    // every session to start again while the agents were closed.
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.20.0.1"))) {
      return s.getLocalPort();
    }
  }
}
