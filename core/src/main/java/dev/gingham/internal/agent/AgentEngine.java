package dev.gingham.internal.agent;

import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.BgpSpeakerFactory;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.NoSuchPeerException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.core.Ipams;
import dev.gingham.core.NftablesOptions;
import dev.gingham.core.NodeAgent;
import dev.gingham.core.Resources;
import dev.gingham.core.RouteReconcilers;
import dev.gingham.internal.policy.PolicyDelta;
import dev.gingham.internal.policy.nft.NftPolicyRenderer;
import dev.gingham.internal.route.DataplaneRouteReconciler;
import dev.gingham.internal.routing.EncapMode;
import dev.gingham.internal.routing.LearnedRoute;
import dev.gingham.internal.routing.LocalWorkload;
import dev.gingham.internal.routing.NodeAddress;
import dev.gingham.internal.routing.PoolRouting;
import dev.gingham.internal.routing.RemoteBlock;
import dev.gingham.internal.routing.RemoteNode;
import dev.gingham.internal.routing.RemoteWorkload;
import dev.gingham.internal.routing.RouteCalculator;
import dev.gingham.internal.routing.RoutingInputs;
import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.BlockUsage;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.policy.PolicyModel;
import dev.gingham.resource.BgpConfigurationSpec;
import dev.gingham.resource.HostAddress;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteTable;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent. Everything that changes the routes or the speaker runs on one loop, in a pass
 * that recomputes the node's desired state from the syncer's cache, IPAM and the speaker's Loc-RIB,
 * and applies the difference: the BGP peers and exported blocks, the VXLAN device and its VTEPs and
 * the routes (through the route reconciler). The packet filter (through the incremental nftables
 * renderer) is brought up to date by a policy pass on a loop of its own, asked for after each
 * routing pass, as felix and BIRD are apart in Calico. A pass is asked for by the syncer, by the
 * speaker's best-path events and every two seconds (for IPAM's blocks, which are not resources);
 * requests made while a pass is queued are folded into it. What a pass reads that did not change
 * since the last (the peering, the policy model, the nodes) is not computed again.
 */
public final class AgentEngine implements NodeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(AgentEngine.class);

  /** Where each node's liveness key lives; it carries the node's lease. */
  static final String LEASE_PREFIX = "/gingham/agent/v1/leases/";

  /** The IPAM handle of a node's VXLAN tunnel address, as Calico names it. */
  static String vxlanHandle(String node) {
    return "vxlan-tunnel-addr-" + node;
  }

  private static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
  private static final long PERIOD_MS = 2_000;

  private final Datastore datastore;
  private final Dataplane dataplane;
  private final NetworkNamespace ns;
  private final AgentSettings settings;
  private final ResourceStore store;
  private final Ipam ipam;
  private final AgentRuntime runtime;
  private final Syncer syncer;
  private final Syncer.Sink sink;
  private final SerialExecutor loop;
  private final SerialExecutor policyLoop;
  private final @Nullable SharedAgents group;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private final RouteReconciler routes;
  private final VxlanTunnel vxlan;
  private final PendingWorkloadRoutes pendingRoutes;
  private final AtomicBoolean passQueued = new AtomicBoolean();
  private final AtomicBoolean policyQueued = new AtomicBoolean();
  private volatile boolean routesDone;
  private volatile boolean policyDone;
  private final CountDownLatch firstReadyPass = new CountDownLatch(1);
  private final AtomicLong applies = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();

  private volatile ClusterCache cache = ClusterCache.EMPTY;
  private volatile boolean everInSync;

  /** Whether a pass has found this node's Node resource (the loop's). */
  private boolean nodeSeen;

  private volatile boolean ready;
  private volatile boolean closed;

  // Owned by the loop thread.
  private final InterfaceAddress address;
  private final String underlayDevice;
  private volatile @Nullable Lease lease;
  private @Nullable BgpSpeaker speaker;
  private @Nullable EventSubscription bgpEvents;
  private long speakerAs;
  private int speakerPort;
  private @Nullable Ipv4Address speakerCluster;
  private final Map<IpAddress, BgpPeering.Wanted> peers = new LinkedHashMap<>();
  private final Set<IpPrefix> announced = new HashSet<>();
  private @Nullable NftPolicyRenderer renderer;
  private @Nullable NftablesOptions rendererOptions;
  private @Nullable PolicyModel lastModel;
  private @Nullable ClusterCache policyCache;
  private final Set<String> knownNodes = new HashSet<>();
  private volatile List<IpPrefix> blocks = List.of();
  private volatile @Nullable IpAddress vxlanAddress;

  /**
   * Whether this start is a graceful restart (RFC 4724): a previous agent left routes to remote
   * destinations in the kernel. Then the first speaker starts {@code restarted} with the forwarding
   * state bit set (truthfully: the routes are there), the reconciler keeps the routes it finds
   * until the speaker has End-of-RIB from every peer ({@link #RESTART_TIME} at most), and the
   * peers, as helpers, keep this node's routes meanwhile. Cleared by the loop once released.
   */
  private boolean restarting;

  /** The restart time this node's speaker announces, and the longest its routes are retained. */
  static final Duration RESTART_TIME = Duration.ofSeconds(120);

  /**
   * How long a restarted speaker waits for End-of-RIB from every peer before it advertises anyway:
   * long enough for live peers to resend their tables, short enough that a wanted peer that is down
   * does not hold this node's new blocks back for long.
   */
  static final Duration SELECTION_DEFERRAL = Duration.ofSeconds(30);

  private volatile int mtu;

  private AgentEngine(
      Datastore datastore,
      Dataplane dataplane,
      NetworkNamespace ns,
      AgentSettings settings,
      @Nullable SharedAgents group) {
    this.datastore = datastore;
    this.group = group;
    this.dataplane = dataplane;
    this.ns = ns;
    this.settings = settings;
    this.store = Resources.store(datastore);
    this.ipam = Ipams.create(datastore);
    this.address = detectAddress();
    this.underlayDevice = address.device();
    this.routes = RouteReconcilers.create(dataplane, ns);
    for (Route r : dataplane.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM))) {
      if (r.gateway() != null) {
        restarting = true;
        break;
      }
    }
    if (restarting) {
      int kept = routes.retainExisting(RESTART_TIME);
      LOG.info(
          "node {}: restarting gracefully; keeping the {} routes of the previous run until BGP"
              + " has restated them",
          settings.nodeName(),
          kept);
    }
    this.vxlan = new VxlanTunnel(dataplane, ns);
    long spread = TimeUnit.SECONDS.toNanos(30);
    this.wholePassNanos =
        spread + Math.floorMod((long) settings.nodeName().hashCode() * 7919, spread);
    this.pendingRoutes =
        new PendingWorkloadRoutes(
            settings.workloadInterfacePrefix(),
            PendingWorkloadRoutes.DEFAULT_GRACE,
            System::nanoTime);
    this.runtime =
        group == null
            ? AgentRuntime.own(new Syncer(store, settings.nodeName()), settings.nodeName())
            : group.join();
    this.syncer = runtime.syncer();
    this.loop = new SerialExecutor(runtime.workers());
    this.policyLoop = new SerialExecutor(runtime.policyWorkers());
    this.sink =
        new Syncer.Sink() {
          @Override
          public void publish(ClusterCache c) {
            cache = c;
            everInSync = true;
            requestPass();
            // An agent of its own programs policy at once, beside the routing pass. In a group the
            // policy thread serves every agent: policy follows each routing pass there, so that
            // the group's route work is not slowed by all of its agents' policy work at once.
            if (runtime.owned()) {
              requestPolicyPass();
            }
          }

          @Override
          public void state(SyncState s) {
            if (s != SyncState.IN_SYNC) {
              ready = false;
            }
          }
        };
  }

  /**
   * Starts an agent: detects the address, registers the node, starts the syncer and the periodic
   * pass.
   *
   * @throws IllegalStateException if no address fits the auto-detection method
   */
  public static AgentEngine start(
      Datastore datastore, Dataplane dataplane, NetworkNamespace ns, AgentSettings settings) {
    return start(datastore, dataplane, ns, settings, null);
  }

  /**
   * Starts an agent as {@link #start(Datastore, Dataplane, NetworkNamespace, AgentSettings)} does,
   * on a group's shared syncer and threads when {@code group} is not null.
   *
   * @throws IllegalArgumentException if the group follows another datastore
   */
  public static AgentEngine start(
      Datastore datastore,
      Dataplane dataplane,
      NetworkNamespace ns,
      AgentSettings settings,
      @Nullable SharedAgents group) {
    if (group != null && group.datastore() != datastore) {
      throw new IllegalArgumentException(
          "node "
              + settings.nodeName()
              + ": the agent group follows "
              + group.datastore().uri()
              + ", not the agent's datastore "
              + datastore.uri());
    }
    AgentEngine e = new AgentEngine(datastore, dataplane, ns, settings, group);
    try {
      e.register();
    } catch (RuntimeException ex) {
      e.runtime.stopOwned();
      if (group != null) {
        group.leave();
      }
      throw ex;
    }
    e.syncer.subscribe(e.sink);
    if (e.runtime.owned()) {
      e.syncer.start();
    }
    ScheduledExecutorService t = e.runtime.timers();
    // Spread the periodic work of many agents on one timer over the period.
    long jitter = Math.floorMod(settings.nodeName().hashCode(), PERIOD_MS);
    e.timers.add(
        t.scheduleWithFixedDelay(
            e::requestTick, PERIOD_MS + jitter, PERIOD_MS, TimeUnit.MILLISECONDS));
    long renew = Math.max(1_000, settings.leaseTtl().toMillis() / 3);
    // The heartbeat runs on the timer, not the loop: a long pass never delays it.
    e.timers.add(
        t.scheduleWithFixedDelay(e::renewLease, renew - jitter / 2, renew, TimeUnit.MILLISECONDS));
    return e;
  }

  // ----------------------------------------------------------------------------------------------
  // Registration.

  private InterfaceAddress detectAddress() {
    List<Link> links = dataplane.links().list(ns);
    List<InterfaceAddress> addresses = dataplane.addresses().list(ns);
    List<Route> rs = dataplane.routes().list(ns, RouteFilter.ALL);
    return settings
        .autodetection()
        .detect(IpFamily.IPV4, links, addresses, rs)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "node "
                        + settings.nodeName()
                        + ": IP auto-detection '"
                        + settings.autodetection()
                        + "' found no IPv4 address among "
                        + addresses));
  }

  /** Writes the node's Node resource (keeping what others wrote in it) and its liveness key. */
  private void register() {
    String name = settings.nodeName();
    HostAddress host = new HostAddress(address.address(), address.prefixLength());
    for (int attempt = 0; ; attempt++) {
      Resource<NodeSpec> old = store.get(ResourceKind.NODE, null, name).orElse(null);
      NodeSpec.Bgp bgp =
          new NodeSpec.Bgp(
              host,
              null,
              settings.asNumber(),
              settings.routeReflectorClusterId(),
              old == null || old.spec().bgp() == null
                  ? null
                  : old.spec().bgp().ipv4IpipTunnelAddr());
      NodeSpec spec =
          old == null
              ? new NodeSpec(bgp, null, null, List.of(), List.of())
              : new NodeSpec(
                  bgp,
                  old.spec().ipv4VxlanTunnelAddr(),
                  old.spec().vxlanTunnelMacAddr(),
                  old.spec().addresses(),
                  old.spec().orchRefs());
      ObjectMeta meta =
          old == null
              ? ObjectMeta.builder(name).labels(settings.labels()).build()
              : old.metadata().toBuilder().labels(settings.labels()).build();
      try {
        if (old == null) {
          store.create(Resource.of(ResourceKind.NODE, meta, spec));
        } else if (!old.spec().equals(spec) || !old.metadata().labels().equals(settings.labels())) {
          store.replace(Resource.of(ResourceKind.NODE, meta, spec));
        }
        break;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          throw e;
        }
        LOG.info("node {}: registration raced another writer, again: {}", name, e.toString());
      }
    }
    knownNodes.add(name);
    lease = datastore.grantLease(settings.leaseTtl());
    byte[] value =
        ("{\"node\":\"" + name + "\",\"address\":\"" + address.address() + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    datastore.txn(Txn.builder().onSuccess(Op.put(LEASE_PREFIX + name, value, lease.id())).build());
    LOG.info(
        "node {}: registered with address {}/{} ({})",
        name,
        address.address(),
        address.prefixLength(),
        settings.autodetection());
  }

  private void renewLease() {
    Lease l = lease;
    if (l == null || closed) {
      return;
    }
    try {
      l.keepAlive();
    } catch (RuntimeException e) {
      LOG.warn("node {}: lease renewal failed: {}", settings.nodeName(), e.toString());
      lease = null;
      // Registration writes what the loop owns: it runs there.
      try {
        loop.execute(
            () -> {
              try {
                register();
              } catch (RuntimeException again) {
                LOG.warn(
                    "node {}: re-registration failed: {}", settings.nodeName(), again.toString());
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // closed meanwhile
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // The pass.

  /**
   * Asks for a whole routing pass for something besides the cache: a BGP event other than a changed
   * best path, registration. (The periodic tick asks through {@link #requestTick}.)
   */
  private void requestPassAnyway() {
    routingTriggered.set(true);
    requestPass();
  }

  private void requestPass() {
    fold(passQueued, loop, this::pass);
  }

  /** The periodic tick: a whole pass only when something it is for may have changed. */
  private void requestTick() {
    tickTriggered.set(true);
    requestPass();
  }

  private final AtomicBoolean tickTriggered = new AtomicBoolean();

  /** When the last whole pass started (System.nanoTime); owned by the loop. */
  private long lastWholePass = System.nanoTime();

  /**
   * How often a tick runs a whole pass anyway, repairing whatever changed the dataplane: every 30
   * to 60 s, by node, so that the agents of a group, which all made their first whole pass at
   * start, do not all recalculate at once every 30 s (a pod added then waited behind 500 passes).
   */
  private final long wholePassNanos;

  /**
   * Whether a tick needs a whole pass: IPAM gave or took a block of this node (blocks are not
   * resources, so they are polled), routes are kept for a while (a pending workload's, a graceful
   * restart's), there is no calculation to build on, or the last whole pass is 30 s old. Otherwise
   * a tick costs one read of this node's blocks, not a recalculation of every route: at 500 nodes
   * the ticks alone kept the routing threads busy, and a new pod's pass waited behind them.
   */
  private boolean tickNeedsWholePass() {
    if (restarting
        || learnedBase == null
        || !learnedKept.isEmpty()
        || System.nanoTime() - lastWholePass > wholePassNanos) {
      return true;
    }
    try {
      return !ipam.blocksOf(settings.nodeName()).equals(blocks);
    } catch (RuntimeException e) {
      return true; // the whole pass reports it, and keeps the dataplane as it is
    }
  }

  /**
   * A changed best path asks for a pass that updates that destination's route alone (see {@link
   * #learnedPass}); anything else the speaker reports asks for a whole pass.
   */
  private void onBgpEvent(BgpEvent e) {
    if (e instanceof BgpEvent.BestPathChanged b) {
      bgpChanged.put(b.prefix(), new BestPath(b.best())); // the latest event wins
      requestPass();
    } else {
      requestPassAnyway();
    }
  }

  /**
   * Destinations whose best path changed since the last pass, with the best path now (the event's:
   * asking the speaker for each would be a hop to its loop per destination); any thread puts, the
   * loop takes.
   */
  private final Map<IpPrefix, BestPath> bgpChanged = new ConcurrentHashMap<>();

  /** A best path, or none any more. */
  private record BestPath(@Nullable BgpRoute route) {}

  /**
   * Past this many changed destinations a pass recalculates everything (one read of the Loc-RIB),
   * as at start-up, when every route arrives at once.
   */
  private static final int LEARNED_PASS_LIMIT = 64;

  /**
   * What the last whole pass calculated routes from, and the keys of the routes it put in besides
   * the calculation (pending workloads'); null when a learned pass may not build on it.
   */
  private @Nullable RoutingInputs learnedBase;

  private Set<RouteKey> learnedKept = Set.of();
  private List<IpPool> learnedPools = List.of();

  /**
   * Updates the routes of the destinations whose best path changed, when nothing else a routing
   * pass reads did: the cost of the change, where a whole pass recalculates and diffs every route
   * of the node (on each reflector client, for each route of the cluster that changes). Returns
   * false when a whole pass must run instead (none ran yet, or the last failed; a graceful restart
   * in progress; a reconciler of another kind).
   */
  private boolean learnedPass() {
    RoutingInputs base = learnedBase;
    if (base == null
        || speaker == null
        || restarting
        || bgpChanged.size() > LEARNED_PASS_LIMIT
        || !(routes instanceof DataplaneRouteReconciler reconciler)) {
      return false;
    }
    long start = System.nanoTime();
    Map<IpPrefix, @Nullable LearnedRoute> changed = new HashMap<>();
    for (IpPrefix p : new ArrayList<>(bgpChanged.keySet())) {
      BestPath best = bgpChanged.remove(p); // a change after this asks again
      if (best != null) {
        changed.put(p, best.route() == null ? null : learned(best.route(), learnedPools));
      }
    }
    RouteReconciler.Result r;
    try {
      RouteTable table =
          RouteCalculator.updateLearned(base, routes.desired(), changed, learnedKept);
      List<RouteKey> keys = new ArrayList<>();
      changed.keySet().forEach(p -> keys.add(RouteCalculator.key(base, p)));
      r = reconciler.reconcile(table, keys);
    } catch (RuntimeException e) {
      learnedBase = null;
      error("pass", e);
      return true;
    }
    for (RouteReconciler.Failure f : r.failures()) {
      error(f.action() + " " + f.route(), new IllegalStateException(f.error()));
    }
    applies.incrementAndGet();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    for (NodeAgent.Listener l : settings.listeners()) {
      l.passFinished(took);
    }
    return true;
  }

  /** Queues a pass on a loop unless one is queued there already: requests fold into it. */
  private void fold(AtomicBoolean queued, SerialExecutor on, Runnable pass) {
    if (!closed && queued.compareAndSet(false, true)) {
      try {
        on.execute(pass);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        queued.set(false);
      }
    }
  }

  private void pass() {
    passQueued.set(false);
    if (closed || !everInSync) {
      return;
    }
    ClusterCache c = cache;
    boolean tick = tickTriggered.getAndSet(false);
    if (!routingTriggered.getAndSet(false)
        && routingUnchanged(c)
        && !(tick && tickNeedsWholePass())) {
      // Only what routes do not read changed (a remote endpoint, a policy): with BGP, a remote
      // pod's route comes from its node's speaker, so the whole cluster does not recompute for it.
      // A best path that changed updates its own routes alone.
      if (bgpChanged.isEmpty() || learnedPass()) {
        if (routesDone) {
          requestPolicyPass();
        }
        return;
      }
    }
    // A whole pass reads the whole Loc-RIB: the best paths changed so far are in it.
    bgpChanged.clear();
    learnedBase = null;
    lastWholePass = System.nanoTime();
    routingCache = c;
    routingLocal = c.endpointsOf(settings.nodeName());
    long start = System.nanoTime();
    boolean programmed;
    try {
      programmed = onePass(c);
    } catch (RuntimeException e) {
      // The datastore (IPAM reads) may be away: keep the dataplane as it is and try again.
      error("pass", e);
      return;
    }
    applies.incrementAndGet();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    for (NodeAgent.Listener l : settings.listeners()) {
      l.passFinished(took);
    }
    if (programmed) {
      routesDone = true;
      requestPolicyPass();
    }
    markReady();
  }

  /** The kinds the policy model is made of. */
  private static final List<ResourceKind<?>> POLICY_KINDS =
      List.of(
          ResourceKind.TIER,
          ResourceKind.PROFILE,
          ResourceKind.NETWORK_SET,
          ResourceKind.GLOBAL_NETWORK_SET,
          ResourceKind.NETWORK_POLICY,
          ResourceKind.GLOBAL_NETWORK_POLICY,
          ResourceKind.WORKLOAD_ENDPOINT,
          ResourceKind.HOST_ENDPOINT);

  /** The kinds a routing pass reads besides this node's own endpoints: all that policy does not. */
  private static final List<ResourceKind<?>> ROUTING_KINDS = routingKinds();

  private static List<ResourceKind<?>> routingKinds() {
    List<ResourceKind<?>> out = new ArrayList<>(ResourceKind.all());
    out.removeAll(POLICY_KINDS);
    return List.copyOf(out);
  }

  private final AtomicBoolean routingTriggered = new AtomicBoolean(true);
  private @Nullable ClusterCache routingCache;
  private List<Resource<WorkloadEndpointSpec>> routingLocal = List.of();

  /**
   * Whether nothing a routing pass reads changed since the last: the routing kinds are the same
   * tables and this node's endpoints are equal. Without a speaker every endpoint counts (routes to
   * remote workloads then come from the datastore), so a pass always runs.
   */
  private boolean routingUnchanged(ClusterCache c) {
    return speaker != null
        && c.sameKinds(routingCache, ROUTING_KINDS)
        && c.endpointsOf(settings.nodeName()).equals(routingLocal);
  }

  /** Ready once routes and policy have both been applied from an in-sync cache. */
  private void markReady() {
    if (routesDone && policyDone && syncer.state() == SyncState.IN_SYNC) {
      ready = true;
      firstReadyPass.countDown();
    }
  }

  private void requestPolicyPass() {
    fold(policyQueued, policyLoop, this::policyPass);
  }

  /**
   * The policy part of a pass, on its own loop, asked for by the syncer and after each routing
   * pass: as felix and BIRD are apart in Calico, programming the packet filter and the routes never
   * wait for each other. It reads only the cache and owns the renderer.
   */
  private void policyPass() {
    policyQueued.set(false);
    if (closed || !everInSync) {
      return;
    }
    ClusterCache c = cache;
    if (c.get(ResourceKind.NODE, settings.nodeName()).isEmpty()) {
      return; // the routing pass says why; the dataplane stays as it is
    }
    try {
      syncPolicy(c, enabledPools(c));
    } catch (RuntimeException e) {
      error("policy pass", e);
    }
    // Its failures are counted and retried on the next change, as before the split: they do not
    // keep the agent from being ready.
    policyDone = true;
    markReady();
  }

  private static List<IpPool> enabledPools(ClusterCache c) {
    List<IpPool> pools = new ArrayList<>();
    for (Resource<IpPool> p : c.list(ResourceKind.IP_POOL)) {
      if (!p.spec().disabled()) {
        pools.add(p.spec());
      }
    }
    return pools;
  }

  /** The routing part of a pass; whether the node is there to program. */
  private boolean onePass(ClusterCache c) {
    String self = settings.nodeName();
    Resource<NodeSpec> me = c.get(ResourceKind.NODE, self).orElse(null);
    releaseDeletedNodes(c);
    if (me == null) {
      if (nodeSeen) {
        LOG.warn("node {}: its Node resource is gone; leaving the dataplane as it is", self);
      } else {
        // Registered, but a group's syncer, in sync already, has not brought the write yet.
        LOG.debug("node {}: its Node resource is not in the cache yet", self);
      }
      return false;
    }
    nodeSeen = true;
    List<IpPool> pools = enabledPools(c);
    List<Resource<WorkloadEndpointSpec>> local = c.endpointsOf(self);
    List<IpPrefix> myBlocks = ipam.blocksOf(self);
    blocks = myBlocks;
    syncBgp(c, me, pools, myBlocks, local);
    boolean vxlanOn = syncVxlan(c, me, pools);
    syncMtu(vxlanOn);
    syncRoutes(c, me, pools, myBlocks, local);
    return true;
  }

  /**
   * Node deletion releases the node's block affinities; any agent may do it, and it is idempotent.
   */
  private void releaseDeletedNodes(ClusterCache c) {
    if (c.sameKinds(nodesSeen, NODE_KINDS)) {
      return;
    }
    nodesSeen = c;
    Set<String> now = new HashSet<>();
    for (Resource<NodeSpec> n : c.list(ResourceKind.NODE)) {
      now.add(n.metadata().name());
    }
    for (String gone : new ArrayList<>(knownNodes)) {
      if (!now.contains(gone) && !gone.equals(settings.nodeName())) {
        int released = ipam.releaseHostAffinities(gone);
        LOG.info("node {} was deleted: released {} block affinities", gone, released);
        knownNodes.remove(gone);
      }
    }
    knownNodes.addAll(now);
  }

  private static final List<ResourceKind<?>> NODE_KINDS = List.of(ResourceKind.NODE);
  private @Nullable ClusterCache nodesSeen;

  // ----------------------------------------------------------------------------------------------
  // BGP.

  /** What the wanted peers are computed from. */
  private static final List<ResourceKind<?>> PEERING_KINDS =
      List.of(ResourceKind.NODE, ResourceKind.BGP_PEER, ResourceKind.BGP_CONFIGURATION);

  private @Nullable ClusterCache peeringCache;
  private Map<IpAddress, BgpPeering.Wanted> wanted = Map.of();

  private void syncBgp(
      ClusterCache c,
      Resource<NodeSpec> me,
      List<IpPool> pools,
      List<IpPrefix> myBlocks,
      List<Resource<WorkloadEndpointSpec>> local) {
    BgpConfigurationSpec config = BgpPeering.configuration(c);
    long as = BgpPeering.asOf(me.spec(), config);
    int port = BgpPeering.port(config);
    @Nullable Ipv4Address cluster = BgpPeering.clusterOf(me.spec());
    if (speaker != null
        && (speakerAs != as
            || speakerPort != port
            || !java.util.Objects.equals(speakerCluster, cluster))) {
      LOG.info(
          "node {}: AS, port or reflector cluster id changed; restarting the speaker",
          settings.nodeName());
      stopSpeaker();
    }
    if (speaker == null) {
      // The agent leaves its routes in the kernel when it stops, so it may promise graceful
      // restart: peers keep its routes while it is away.
      BgpSpeaker.Builder b =
          BgpSpeaker.builder()
              .localAs(as)
              .routerId((Ipv4Address) address.address())
              .listen(address.address(), port)
              .name(settings.nodeName())
              .clusterId(cluster)
              .gracefulRestart(true)
              .gracefulRestartTime(RESTART_TIME);
      if (restarting) {
        b.restarted(true).selectionDeferralTime(SELECTION_DEFERRAL);
      }
      BgpSpeakerFactory factory = runtime.speakers();
      speaker = factory == null ? b.start() : factory.start(b.config());
      speakerCluster = cluster;
      speakerAs = as;
      speakerPort = port;
      peers.clear();
      announced.clear();
      bgpEvents =
          speaker.events(EventOptions.DEFAULTS.bestPathsOnly().withReplay(false), this::onBgpEvent);
      if (closed) {
        // close() gave up waiting for this pass and stopped the speaker it saw, not this one;
        // nothing
        // else would stop it.
        stopSpeaker(true);
        return;
      }
    }
    if (!c.sameKinds(peeringCache, PEERING_KINDS)) {
      wanted = BgpPeering.peers(settings.nodeName(), c, settings.holdTime(), CONNECT_RETRY);
      peeringCache = c;
    }
    Map<IpAddress, BgpPeering.Wanted> want = wanted;
    for (IpAddress a : new ArrayList<>(peers.keySet())) {
      BgpPeering.Wanted w = want.get(a);
      if (w == null) {
        removePeer(a);
      } else if (!w.config().equals(peers.get(a).config())) {
        try {
          speaker.updatePeer(w.config());
          peers.put(a, w);
        } catch (RuntimeException e) {
          error("update BGP peer " + a, e);
        }
      } else {
        peers.put(a, w);
      }
    }
    for (Map.Entry<IpAddress, BgpPeering.Wanted> w : want.entrySet()) {
      if (!peers.containsKey(w.getKey())) {
        try {
          speaker.addPeer(w.getValue().config());
          peers.put(w.getKey(), w.getValue());
        } catch (RuntimeException e) {
          error("add BGP peer " + w.getKey(), e);
        }
      }
    }
    Set<IpPrefix> exports = new LinkedHashSet<>();
    for (IpPrefix b : myBlocks) {
      IpPool pool = poolOf(pools, b);
      if (pool != null && !pool.disableBgpExport()) {
        exports.add(b);
      }
    }
    for (Resource<WorkloadEndpointSpec> w : local) {
      for (IpAddress a : w.spec().addresses()) {
        IpPool pool = poolOf(pools, a.toPrefix());
        if (pool != null && !pool.disableBgpExport() && !inAny(myBlocks, a.toPrefix())) {
          exports.add(a.toPrefix()); // a borrowed address
        }
      }
    }
    List<BgpRoute> add = new ArrayList<>();
    for (IpPrefix p : exports) {
      if (!announced.contains(p)) {
        add.add(BgpRoute.of(p, PathAttributes.builder().build()));
      }
    }
    if (!add.isEmpty()) {
      speaker.announceAll(add);
    }
    for (IpPrefix p : new ArrayList<>(announced)) {
      if (!exports.contains(p)) {
        speaker.withdraw(p);
      }
    }
    announced.clear();
    announced.addAll(exports);
  }

  private void removePeer(IpAddress a) {
    try {
      speaker.removePeer(a);
    } catch (NoSuchPeerException e) {
      // gone already
    } catch (RuntimeException e) {
      error("remove BGP peer " + a, e);
    }
    peers.remove(a);
  }

  private void stopSpeaker() {
    stopSpeaker(false);
  }

  /**
   * Stops the speaker; {@code forRestart} when the agent stops and leaves its routes in the kernel,
   * so that the peers keep this node's routes until the next agent's speaker restates them.
   */
  private void stopSpeaker(boolean forRestart) {
    if (bgpEvents != null) {
      bgpEvents.close();
      bgpEvents = null;
    }
    if (speaker != null) {
      if (forRestart) {
        speaker.closeForRestart();
      } else {
        speaker.close();
      }
      speaker = null;
    }
    peers.clear();
    announced.clear();
  }

  // ----------------------------------------------------------------------------------------------
  // VXLAN and MTU.

  private boolean syncVxlan(ClusterCache c, Resource<NodeSpec> me, List<IpPool> pools) {
    boolean on = false;
    for (IpPool p : pools) {
      if (p.cidr().family() == IpFamily.IPV4 && p.vxlanMode().isOn()) {
        on = true;
      }
    }
    if (!on) {
      vxlanAddress = null;
      try {
        vxlan.remove();
      } catch (RuntimeException e) {
        error("remove the VXLAN device", e);
      }
      return false;
    }
    IpAddress tunnel = me.spec().ipv4VxlanTunnelAddr();
    MacAddress mac = VxlanTunnel.macFor(settings.nodeName());
    if (tunnel == null || !mac.equals(me.spec().vxlanTunnelMacAddr())) {
      List<IpAddress> held = ipam.ipsByHandle(vxlanHandle(settings.nodeName()));
      if (tunnel == null) {
        tunnel =
            held.isEmpty()
                ? ipam.autoAssign(
                        AssignRequest.builder(vxlanHandle(settings.nodeName()), settings.nodeName())
                            .ipv4(1)
                            .use(AllowedUse.TUNNEL)
                            .attributes(Map.of("type", "vxlanTunnelAddress"))
                            .build())
                    .ipv4()
                    .get(0)
                : held.get(0);
      }
      NodeSpec s = me.spec();
      store.replace(
          Resource.of(
              ResourceKind.NODE,
              me.metadata(),
              new NodeSpec(s.bgp(), tunnel, mac, s.addresses(), s.orchRefs())));
      // The syncer brings the new Node back; this pass goes on with the address.
    }
    vxlanAddress = tunnel;
    try {
      vxlan.ensure(
          address.address(), underlayDevice, tunnel, mac, underlayMtu() - VxlanTunnel.OVERHEAD);
      List<VxlanTunnel.Vtep> vteps = new ArrayList<>();
      for (Resource<NodeSpec> n : c.list(ResourceKind.NODE)) {
        NodeSpec s = n.spec();
        IpAddress underlay = BgpPeering.addressOf(s);
        if (!n.metadata().name().equals(settings.nodeName())
            && underlay != null
            && s.ipv4VxlanTunnelAddr() != null
            && s.vxlanTunnelMacAddr() != null) {
          vteps.add(
              new VxlanTunnel.Vtep(underlay, s.ipv4VxlanTunnelAddr(), s.vxlanTunnelMacAddr()));
        }
      }
      vxlan.syncVteps(vteps);
    } catch (RuntimeException e) {
      error("VXLAN device", e);
    }
    return true;
  }

  private int underlayMtu() {
    return dataplane.links().get(ns, underlayDevice).map(Link::mtu).orElse(1500);
  }

  private void syncMtu(boolean vxlanOn) {
    int m = underlayMtu() - (vxlanOn ? VxlanTunnel.OVERHEAD : 0);
    if (m == mtu) {
      return;
    }
    mtu = m;
    Path file = settings.mtuFile();
    if (file == null) {
      return;
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Integer.toString(m) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("node {}: cannot write the MTU to {}: {}", settings.nodeName(), file, e.toString());
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Routes.

  private void syncRoutes(
      ClusterCache c,
      Resource<NodeSpec> me,
      List<IpPool> pools,
      List<IpPrefix> myBlocks,
      List<Resource<WorkloadEndpointSpec>> local) {
    RoutingInputs.Builder in =
        RoutingInputs.builder(settings.nodeName())
            .address(new NodeAddress(address.address(), address.subnet()))
            .bgp(speaker != null);
    for (Resource<WorkloadEndpointSpec> w : local) {
      in.workload(
          new LocalWorkload(
              w.id().qualifiedName(), w.spec().interfaceName(), w.spec().addresses()));
    }
    myBlocks.forEach(in::localBlock);
    for (IpPool p : pools) {
      in.pool(new PoolRouting(p.cidr(), encap(p.ipipMode()), encap(p.vxlanMode())));
    }
    for (Resource<NodeSpec> n : c.list(ResourceKind.NODE)) {
      NodeSpec s = n.spec();
      if (n.metadata().name().equals(settings.nodeName()) || s.bgp() == null) {
        continue;
      }
      List<NodeAddress> as = new ArrayList<>();
      if (s.bgp().ipv4Address() != null) {
        HostAddress h = s.bgp().ipv4Address();
        as.add(new NodeAddress(h.address(), IpPrefix.ofMasking(h.address(), h.prefixLength())));
      }
      in.remoteNode(new RemoteNode(n.metadata().name(), as, s.ipv4VxlanTunnelAddr(), null));
    }
    if (speaker != null) {
      for (LearnedRoute l : learnedRoutes(pools)) {
        in.learned(l);
      }
    } else {
      for (PoolUsage pu : ipam.usage().pools()) {
        for (BlockUsage b : pu.blocks()) {
          if (b.host() != null && !b.host().equals(settings.nodeName())) {
            in.remoteBlock(new RemoteBlock(b.cidr(), b.host()));
          }
        }
      }
      for (Resource<WorkloadEndpointSpec> w : c.list(ResourceKind.WORKLOAD_ENDPOINT)) {
        for (IpAddress a : w.spec().addresses()) {
          if (w.spec().node() != null && !w.spec().node().equals(settings.nodeName())) {
            in.remoteWorkload(new RemoteWorkload(a, w.spec().node()));
          }
        }
      }
    }
    RoutingInputs inputs = in.build();
    RouteCalculator.Result result = RouteCalculator.calculate(inputs);
    for (String s : result.skipped()) {
      LOG.debug("node {}: {}", settings.nodeName(), s);
    }
    for (Resource<WorkloadEndpointSpec> w : local) {
      ensureWorkloadSysctls(w.spec().interfaceName());
    }
    RouteTable table = result.table();
    if (restarting && (speaker == null || !speaker.restarting())) {
      // Every peer sent End-of-RIB (or the deferral ran out): the Loc-RIB is complete, and what
      // the previous run left that it lacks goes now.
      restarting = false;
      routes.releaseRetained();
      LOG.info("node {}: graceful restart done; routes follow BGP alone", settings.nodeName());
    }
    // The CNI plugin's routes for endpoints not in the cache yet stay for a grace period.
    Set<String> knownInterfaces = new HashSet<>();
    for (Resource<WorkloadEndpointSpec> w : local) {
      knownInterfaces.add(w.spec().interfaceName());
    }
    table =
        pendingRoutes.keep(
            table,
            knownInterfaces,
            dataplane.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM)));
    routes.setDesired(table);
    RouteReconciler.Result r = routes.reconcile();
    for (RouteReconciler.Failure f : r.failures()) {
      error(f.action() + " " + f.route(), new IllegalStateException(f.error()));
    }
    if (speaker != null) {
      Set<RouteKey> kept = new HashSet<>();
      for (Route k : table.routes()) {
        if (!result.table().get(k.key()).map(k::equals).orElse(false)) {
          kept.add(k.key());
        }
      }
      learnedKept = kept;
      learnedPools = pools;
      learnedBase = inputs;
    }
  }

  /**
   * The routes BGP chose, inside the pools. Those of a peer whose session dropped stay while the
   * speaker keeps them as stale (RFC 4724's helper side), so a crashed and restarted agent costs no
   * traffic on the other nodes.
   */
  private List<LearnedRoute> learnedRoutes(List<IpPool> pools) {
    List<LearnedRoute> out = new ArrayList<>();
    for (BgpRoute r : speaker.locRib()) {
      LearnedRoute l = learned(r, pools);
      if (l != null) {
        out.add(l);
      }
    }
    return out;
  }

  /** The route a best path makes: only another node's, and only inside the pools; or null. */
  private @Nullable LearnedRoute learned(BgpRoute r, List<IpPool> pools) {
    IpAddress nh = r.attributes().nextHop();
    if (r.isLocal() || nh == null || nh.equals(address.address()) || r.peer() == null) {
      return null;
    }
    return poolOf(pools, r.prefix()) != null ? new LearnedRoute(r.prefix(), nh) : null;
  }

  private final Set<String> sysctlsDone = new HashSet<>();

  /** Proxy ARP on a workload's host side, so the workload's gateway 169.254.1.1 answers. */
  private void ensureWorkloadSysctls(String device) {
    if (sysctlsDone.contains(device)) {
      return;
    }
    try {
      if (dataplane.links().get(ns, device).isEmpty()) {
        return;
      }
      dataplane.sysctls().set(ns, Sysctl.proxyArp(device), "1");
      dataplane.sysctls().set(ns, Sysctl.forwarding(IpFamily.IPV4, device), "1");
      sysctlsDone.add(device);
    } catch (RuntimeException e) {
      error("sysctls of " + device, e);
    }
  }

  private static EncapMode encap(EncapsulationMode m) {
    switch (m) {
      case ALWAYS:
        return EncapMode.ALWAYS;
      case CROSS_SUBNET:
        return EncapMode.CROSS_SUBNET;
      default:
        return EncapMode.NEVER;
    }
  }

  private static @Nullable IpPool poolOf(List<IpPool> pools, IpPrefix p) {
    IpPool best = null;
    for (IpPool pool : pools) {
      if (pool.cidr().contains(p)
          && (best == null || pool.cidr().length() > best.cidr().length())) {
        best = pool;
      }
    }
    return best;
  }

  private static boolean inAny(List<IpPrefix> blocks, IpPrefix p) {
    for (IpPrefix b : blocks) {
      if (b.contains(p)) {
        return true;
      }
    }
    return false;
  }

  // ----------------------------------------------------------------------------------------------
  // Policy.

  private void syncPolicy(ClusterCache c, List<IpPool> pools) {
    NftablesOptions.Builder ob =
        NftablesOptions.builder()
            .workloadInterfacePrefix(settings.workloadInterfacePrefix())
            .localNode(settings.nodeName()); // remote endpoints only as selector-set members
    for (IpPool p : pools) {
      if (p.cidr().family() == IpFamily.IPV4) {
        ob.pool(p.cidr(), p.natOutgoing());
      }
    }
    NftablesOptions options = ob.build();
    if (c.sameKinds(policyCache, POLICY_KINDS)
        && options.equals(rendererOptions)
        && renderer != null) {
      return; // nothing policy reads changed since the last applied pass
    }
    PolicyStep step;
    try {
      // Agents sharing a syncer share the model and each change of it, too: both are functions of
      // these kinds alone, so a change is diffed once for the group, not once per agent.
      step =
          c.<PolicyStep>deriveNext(
              "policy-model",
              POLICY_KINDS,
              (cc, previous) -> PolicyStep.of(cc, POLICY_KINDS, previous));
    } catch (RuntimeException e) {
      error("policy model", e);
      return;
    }
    PolicyModel model = step.model();
    long start = System.nanoTime();
    try {
      List<FilterTransaction> txns = new ArrayList<>();
      if (renderer == null || !options.equals(rendererOptions)) {
        renderer = new NftPolicyRenderer(options);
        rendererOptions = options;
        txns.add(renderer.load(model));
      } else if (model == lastModel) {
        policyCache = c;
        return;
      } else {
        List<PolicyDelta> deltas = step.since(lastModel);
        if (deltas == null) {
          txns.add(renderer.update(model)); // too far behind: the whole model
        } else {
          for (PolicyDelta d : deltas) {
            txns.add(renderer.update(d));
          }
        }
      }
      for (FilterTransaction txn : txns) {
        dataplane.packetFilter().apply(ns, txn);
      }
      lastModel = model;
      policyCache = c;
    } catch (RuntimeException e) {
      // Start over with a full load next time: the kernel may hold part of nothing.
      renderer = null;
      lastModel = null;
      policyCache = null;
      error("policy", e);
      return;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    for (NodeAgent.Listener l : settings.listeners()) {
      l.policyApplied(took);
    }
  }

  private void error(String what, RuntimeException e) {
    errors.incrementAndGet();
    LOG.warn("node {}: {} failed: {}", settings.nodeName(), what, e.toString());
    LOG.debug("node {}: {} failed", settings.nodeName(), what, e); // where, for an unexpected one
    for (NodeAgent.Listener l : settings.listeners()) {
      l.dataplaneError(what, e);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // NodeAgent.

  @Override
  public String nodeName() {
    return settings.nodeName();
  }

  @Override
  public SyncState syncState() {
    return syncer.state();
  }

  @Override
  public Status status() {
    List<Peer> ps = new ArrayList<>();
    BgpSpeaker s = speaker;
    long as = speakerAs;
    if (s != null) {
      Map<IpAddress, String> types = new HashMap<>();
      try {
        CompletableFuture.runAsync(() -> peers.forEach((a, w) -> types.put(a, w.type())), loop)
            .get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the loop is busy or gone: report the peers without their types
      }
      for (PeerStatus p : s.peers()) {
        ps.add(new Peer(types.getOrDefault(p.config().address(), "node"), p));
      }
    }
    return new Status(
        settings.nodeName(),
        address.address() + "/" + address.prefixLength(),
        as,
        syncer.state(),
        ps,
        blocks,
        new ArrayList<>(routes.desired().routes()),
        vxlanAddress,
        mtu,
        applies.get(),
        errors.get());
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return firstReadyPass.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ready;
  }

  @Override
  public boolean ready() {
    return ready && syncer.state() == SyncState.IN_SYNC;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    syncer.unsubscribe(sink);
    for (ScheduledFuture<?> f : timers) {
      f.cancel(false);
    }
    // Passes see `closed` and return at once, so once the loop has run what was queued, the speaker
    // is this thread's to stop. Stopping it on the loop made a group's closes queue one behind the
    // other on its two routing threads, each waiting for its speaker, and time out.
    boolean drained = false;
    try {
      CompletableFuture.runAsync(() -> {}, loop).get(10, TimeUnit.SECONDS);
      drained = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("node {}: its loop did not drain: {}", settings.nodeName(), e.toString());
    }
    if (drained) {
      try {
        stopSpeaker(true);
      } catch (RuntimeException e) {
        LOG.warn("node {}: stopping the speaker: {}", settings.nodeName(), e.toString());
      }
    } else {
      // A pass still holds the loop: close the speaker (thread-safe) under it; the pass fails.
      BgpSpeaker s = speaker;
      if (s != null) {
        try {
          s.closeForRestart();
        } catch (RuntimeException e) {
          LOG.warn("node {}: stopping the speaker: {}", settings.nodeName(), e.toString());
        }
      }
    }
    loop.shutdown();
    policyLoop.shutdown();
    runtime.stopOwned();
    if (group != null) {
      group.leave();
    }
    routes.close();
    Lease l = lease;
    if (l != null) {
      try {
        l.close();
      } catch (RuntimeException e) {
        LOG.debug("lease revoke failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "NodeAgent{" + settings.nodeName() + ", " + address + "}";
  }
}
