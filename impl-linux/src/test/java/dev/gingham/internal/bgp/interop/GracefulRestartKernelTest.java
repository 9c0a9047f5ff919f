package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.core.RouteReconcilers;
import dev.gingham.dataplane.linux.LinuxDataplane;
import dev.gingham.dataplane.linux.Shell;
import dev.gingham.dataplane.linux.TestNamespaces;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.route.Route;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteTable;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful restart (RFC 4724) against BIRD and GoBGP in both roles, with the learned routes
 * installed in the kernel of a network namespace by a {@link RouteReconciler} and checked there
 * while the restart is under way.
 *
 * <p>The kernel side is what a node agent does: the best IPv4 routes of the Loc-RIB become routes
 * of protocol 80 via their next hop (one end of a veth pair holds 192.0.2.254/24 so that the next
 * hops are on link). When Gingham restarts, the new reconciler {@link
 * RouteReconciler#retainExisting keeps} what the old run installed until the restarted speaker has
 * its peers' End-of-RIB; when the peer restarts, Gingham keeps its routes as stale and so the
 * kernel keeps them.
 */
class GracefulRestartKernelTest {
  static final long AS = 65_000;
  static final String GINGHAM = "127.0.0.2";
  static final String BIRD = "127.0.0.4";
  static final String GOBGP = "127.0.0.3";
  static final Duration WAIT = Duration.ofSeconds(40);
  static final String PREFIX = "ggr";
  static final AtomicInteger NAMES = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  LinuxDataplane dp;
  NetworkNamespace ns;
  String nsName;
  final List<AutoCloseable> running = new ArrayList<>();

  @BeforeAll
  static void prerequisites() {
    dev.gingham.dataplane.linux.Prerequisites.require();
    TestNamespaces.removeStale(PREFIX);
  }

  @BeforeEach
  void namespace() {
    dp = LinuxDataplane.open();
    nsName = PREFIX + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    ns = dp.namespaces().create(nsName);
    Shell.run("ip", "-n", nsName, "link", "add", "gr0", "type", "veth", "peer", "name", "gr1");
    Shell.run("ip", "-n", nsName, "address", "add", "192.0.2.254/24", "dev", "gr0");
    Shell.run("ip", "-n", nsName, "link", "set", "gr1", "up");
    Shell.run("ip", "-n", nsName, "link", "set", "gr0", "up");
  }

  @AfterEach
  void stopEverything() throws Exception {
    try {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          // The namespace still goes; the next one's failure would be reported by its own test.
        }
      }
    } finally {
      try {
        dp.namespaces().delete(nsName);
      } finally {
        dp.close();
      }
    }
  }

  // --- the node agent's part: Loc-RIB to kernel ------------------------------------------------

  /** Gives the reconciler the speaker's best IPv4 routes, via their next hops, and reconciles. */
  static void install(BgpSpeaker speaker, RouteReconciler reconciler) {
    List<Route> routes = new ArrayList<>();
    for (BgpRoute r : speaker.locRib()) {
      IpAddress hop = r.attributes().nextHop();
      if (r.prefix().family() == IpFamily.IPV4 && hop != null && !r.isLocal()) {
        routes.add(Route.builder(r.prefix()).gateway(hop).protocol(Route.PROTOCOL_GINGHAM).build());
      }
    }
    reconciler.setDesired(RouteTable.of(Route.PROTOCOL_GINGHAM, routes));
    reconciler.reconcile();
  }

  /** The destinations of the kernel's protocol-80 routes in the namespace, as text. */
  Set<String> kernel() {
    Set<String> out = new TreeSet<>();
    for (Route r : dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM))) {
      out.add(r.destination() + " via " + r.gateway());
    }
    return out;
  }

  BgpSpeaker speaker(boolean restarted) {
    BgpSpeaker.Builder b =
        BgpSpeaker.builder()
            .localAs(AS)
            .routerId(Ipv4Address.parse(GINGHAM))
            .listen(IpAddress.parse(GINGHAM), 0)
            .name("gr-kernel")
            .gracefulRestart(true)
            .gracefulRestartTime(Duration.ofSeconds(60));
    if (restarted) {
      b.restarted(true).selectionDeferralTime(Duration.ofSeconds(30));
    }
    BgpSpeaker s = b.start();
    running.add(s::close);
    return s;
  }

  RouteReconciler reconciler() {
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofMinutes(10)).build();
    running.add(r::close);
    return r;
  }

  static PeerConfig peer(String address, int port) {
    return PeerConfig.builder(IpAddress.parse(address), AS)
        .port(port)
        .localAddress(IpAddress.parse(GINGHAM))
        .connectRetryTime(Duration.ofSeconds(1))
        .holdTime(Duration.ofSeconds(9))
        .ipv4NextHop(IpAddress.parse("192.0.2.2"))
        .build();
  }

  static boolean established(BgpSpeaker s, String peer) {
    return s.peer(IpAddress.parse(peer)).state() == PeerState.ESTABLISHED;
  }

  /** The reason the restarted speaker's deferral ended, once it has: End-of-RIB or the timer. */
  AtomicReference<String> restartDone(BgpSpeaker s) {
    AtomicReference<String> reason = new AtomicReference<>("");
    running.add(
        s.events(
            EventOptions.DEFAULTS,
            e -> {
              if (e instanceof BgpEvent.RestartStateChanged
                  && !((BgpEvent.RestartStateChanged) e).restarting()) {
                reason.set(((BgpEvent.RestartStateChanged) e).reason());
              }
            }));
    return reason;
  }

  // --- BIRD --------------------------------------------------------------------------------------

  /** BIRD's protocols: a static route per prefix, exported with next hop 192.0.2.4. */
  static String birdProtocols(int ginghamPort, String... prefixes) {
    StringBuilder conf = new StringBuilder("protocol static feed { ipv4;");
    for (String p : prefixes) {
      conf.append(" route ").append(p).append(" blackhole;");
    }
    return conf.append(" }\n")
        .append("protocol bgp gingham {\n  local ")
        .append(BIRD)
        .append(" port %PORT% as ")
        .append(AS)
        .append(";\n  neighbor ")
        .append(GINGHAM)
        .append(" port ")
        .append(ginghamPort)
        .append(" as ")
        .append(AS)
        .append(";\n  hold time 9; connect retry time 1; connect delay time 1;\n")
        .append("  graceful restart on; graceful restart time 60;\n")
        .append("  ipv4 { import all; export all; next hop address 192.0.2.4;")
        .append(" gateway recursive; igp table master4; };\n}\n")
        .toString();
  }

  @Test
  void ginghamRestartsAndBirdHelpsWhileTheKernelKeepsTheLearnedRoutes() throws Exception {
    BgpSpeaker first = speaker(false);
    int port = first.listenAddress().orElseThrow().getPort();
    Bird bird = Bird.start(dir, BIRD, birdProtocols(port, "10.80.0.0/24", "10.80.1.0/24"));
    running.add(0, bird);
    first.announce(BgpRoute.of(IpPrefix.parse("10.81.0.0/24"), PathAttributes.builder().build()));
    first.addPeer(peer(BIRD, bird.port));
    RouteReconciler firstRun = reconciler();
    Daemon.await(
        WAIT,
        "both BIRD routes in the kernel",
        () -> {
          install(first, firstRun);
          return kernel().size() == 2;
        },
        bird.daemon());
    assertThat(kernel())
        .containsExactly("10.80.0.0/24 via 192.0.2.4", "10.80.1.0/24 via 192.0.2.4");
    Daemon.await(
        WAIT,
        "Gingham's route at BIRD",
        () -> BirdInteropTest.block(bird.routes(), "10.81.0.0/24").contains("gingham"),
        bird.daemon());

    // Gingham goes down for a restart: no NOTIFICATION, the kernel routes stay.
    first.closeForRestart();
    firstRun.close();
    Daemon.await(
        WAIT,
        "BIRD to see the session drop",
        () -> !birdProtocol(bird).contains("Established"),
        bird.daemon());
    // BIRD, as the helper, keeps Gingham's route (stale) while it restarts.
    assertThat(BirdInteropTest.block(bird.routes(), "10.81.0.0/24")).contains("gingham");
    // BIRD withdraws one route while Gingham is down.
    Path conf = dir.resolve("bird-" + BIRD + ".conf");
    Files.writeString(conf, Files.readString(conf).replace(" route 10.80.1.0/24 blackhole;", ""));
    assertThat(bird.birdc("configure")).contains("Reconfigured");
    assertThat(kernel()).hasSize(2);

    BgpSpeaker second = speakerAt(port);
    AtomicReference<String> done = restartDone(second);
    RouteReconciler secondRun = reconciler();
    assertThat(secondRun.retainExisting(Duration.ofSeconds(60))).isEqualTo(2);
    // The restarted speaker's Loc-RIB is empty: the kernel keeps what the last run installed.
    install(second, secondRun);
    assertThat(kernel())
        .containsExactly("10.80.0.0/24 via 192.0.2.4", "10.80.1.0/24 via 192.0.2.4");
    second.announce(BgpRoute.of(IpPrefix.parse("10.81.0.0/24"), PathAttributes.builder().build()));
    second.addPeer(peer(BIRD, bird.port));
    Daemon.await(WAIT, "End-of-RIB from BIRD", () -> !done.get().isEmpty(), bird.daemon());
    assertThat(done.get()).contains("End-of-RIB");
    // The forwarding state was kept, and said so: BIRD saw the Forwarding State bit.
    String caps = bird.birdc("show", "protocols", "all", "gingham");
    assertThat(caps).contains("Established").contains("AF preserved");

    secondRun.releaseRetained();
    install(second, secondRun);
    assertThat(kernel()).containsExactly("10.80.0.0/24 via 192.0.2.4");
    Daemon.await(
        WAIT,
        "Gingham's route at BIRD after the restart",
        () -> BirdInteropTest.block(bird.routes(), "10.81.0.0/24").contains("gingham"),
        bird.daemon());
  }

  static String birdProtocol(Bird bird) {
    try {
      return bird.birdc("show", "protocols", "all", "gingham");
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** A restarted speaker on the same port, so that the peer's configuration still fits. */
  BgpSpeaker speakerAt(int port) {
    BgpSpeaker s =
        BgpSpeaker.builder()
            .localAs(AS)
            .routerId(Ipv4Address.parse(GINGHAM))
            .listen(IpAddress.parse(GINGHAM), port)
            .name("gr-kernel-restarted")
            .gracefulRestart(true)
            .gracefulRestartTime(Duration.ofSeconds(60))
            .restarted(true)
            .selectionDeferralTime(Duration.ofSeconds(30))
            .start();
    running.add(s::close);
    return s;
  }

  @Test
  void birdRestartsAndGinghamHelpsWhileTheKernelKeepsItsRoutes() throws Exception {
    BgpSpeaker s = speaker(false);
    int port = s.listenAddress().orElseThrow().getPort();
    Bird bird = Bird.start(dir, BIRD, birdProtocols(port, "10.82.0.0/24", "10.82.1.0/24"));
    running.add(0, bird);
    s.addPeer(peer(BIRD, bird.port));
    RouteReconciler r = reconciler();
    Daemon.await(
        WAIT,
        "both BIRD routes in the kernel",
        () -> {
          install(s, r);
          return kernel().size() == 2;
        },
        bird.daemon());

    bird.kill();
    Daemon.await(WAIT, "the session to drop", () -> !established(s, BIRD));
    install(s, r);
    // Stale, kept, and still in the kernel while BIRD is away.
    assertThat(s.ribIn(IpAddress.parse(BIRD))).hasSize(2).allMatch(BgpRoute::stale);
    assertThat(kernel())
        .containsExactly("10.82.0.0/24 via 192.0.2.4", "10.82.1.0/24 via 192.0.2.4");

    bird.restartGracefully(birdProtocols(port, "10.82.0.0/24"));
    Daemon.await(
        WAIT,
        "BIRD's End-of-RIB to sweep the route it did not send again",
        () -> {
          install(s, r);
          return established(s, BIRD)
              && s.ribIn(IpAddress.parse(BIRD)).size() == 1
              && s.ribIn(IpAddress.parse(BIRD)).stream().noneMatch(BgpRoute::stale);
        },
        bird.daemon());
    assertThat(s.peer(IpAddress.parse(BIRD)).session().peerRestarting()).isTrue();
    assertThat(kernel()).containsExactly("10.82.0.0/24 via 192.0.2.4");
  }

  // --- GoBGP -------------------------------------------------------------------------------------

  @Nullable
  static JsonNode gobgpRib(Gobgp g) {
    try {
      String out = g.cli("global", "rib", "-a", "ipv4", "-j");
      return JSON.readTree(out.isBlank() ? "{}" : out);
    } catch (Exception e) {
      return null;
    }
  }

  static boolean gobgpHas(Gobgp g, String prefix) {
    JsonNode rib = gobgpRib(g);
    return rib != null && rib.has(prefix);
  }

  @Test
  void ginghamRestartsAndGobgpHelpsWhileTheKernelKeepsTheLearnedRoutes() throws Exception {
    BgpSpeaker first = speaker(false);
    int port = first.listenAddress().orElseThrow().getPort();
    Gobgp gobgp =
        Gobgp.start(
            dir, GOBGP, AS, List.of(Gobgp.Neighbour.of(GINGHAM, AS, port).withGracefulRestart()));
    running.add(0, gobgp);
    first.announce(BgpRoute.of(IpPrefix.parse("10.85.0.0/24"), PathAttributes.builder().build()));
    first.addPeer(peer(GOBGP, gobgp.port));
    RouteReconciler firstRun = reconciler();
    Daemon.await(WAIT, "the session", () -> established(first, GOBGP), gobgp.daemon());
    gobgp.cli("global", "rib", "add", "10.84.0.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");
    gobgp.cli("global", "rib", "add", "10.84.1.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "both GoBGP routes in the kernel",
        () -> {
          install(first, firstRun);
          return kernel().size() == 2;
        },
        gobgp.daemon());
    Daemon.await(
        WAIT, "Gingham's route at GoBGP", () -> gobgpHas(gobgp, "10.85.0.0/24"), gobgp.daemon());

    first.closeForRestart();
    firstRun.close();
    // GoBGP, as the helper, keeps Gingham's route while it restarts.
    Thread.sleep(1_000);
    assertThat(gobgpHas(gobgp, "10.85.0.0/24")).isTrue();
    gobgp.cli("global", "rib", "del", "10.84.1.0/24", "-a", "ipv4");
    assertThat(kernel()).hasSize(2);

    BgpSpeaker second = speakerAt(port);
    AtomicReference<String> done = restartDone(second);
    RouteReconciler secondRun = reconciler();
    assertThat(secondRun.retainExisting(Duration.ofSeconds(60))).isEqualTo(2);
    install(second, secondRun);
    assertThat(kernel())
        .containsExactly("10.84.0.0/24 via 192.0.2.3", "10.84.1.0/24 via 192.0.2.3");
    second.announce(BgpRoute.of(IpPrefix.parse("10.85.0.0/24"), PathAttributes.builder().build()));
    second.addPeer(peer(GOBGP, gobgp.port));
    Daemon.await(WAIT, "End-of-RIB from GoBGP", () -> !done.get().isEmpty(), gobgp.daemon());
    assertThat(done.get()).contains("End-of-RIB");
    secondRun.releaseRetained();
    install(second, secondRun);
    assertThat(kernel()).containsExactly("10.84.0.0/24 via 192.0.2.3");
    Daemon.await(
        WAIT,
        "Gingham's route at GoBGP after the restart",
        () -> gobgpHas(gobgp, "10.85.0.0/24"),
        gobgp.daemon());
  }

  @Test
  void gobgpRestartsAndGinghamHelpsWhileTheKernelKeepsItsRoutes() throws Exception {
    BgpSpeaker s = speaker(false);
    int port = s.listenAddress().orElseThrow().getPort();
    Gobgp gobgp =
        Gobgp.start(
            dir, GOBGP, AS, List.of(Gobgp.Neighbour.of(GINGHAM, AS, port).withGracefulRestart()));
    running.add(0, gobgp);
    s.addPeer(peer(GOBGP, gobgp.port));
    RouteReconciler r = reconciler();
    Daemon.await(WAIT, "the session", () -> established(s, GOBGP), gobgp.daemon());
    gobgp.cli("global", "rib", "add", "10.86.0.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");
    gobgp.cli("global", "rib", "add", "10.86.1.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "both GoBGP routes in the kernel",
        () -> {
          install(s, r);
          return kernel().size() == 2;
        },
        gobgp.daemon());

    gobgp.kill();
    Daemon.await(WAIT, "the session to drop", () -> !established(s, GOBGP));
    install(s, r);
    assertThat(s.ribIn(IpAddress.parse(GOBGP))).hasSize(2).allMatch(BgpRoute::stale);
    assertThat(kernel())
        .containsExactly("10.86.0.0/24 via 192.0.2.3", "10.86.1.0/24 via 192.0.2.3");

    gobgp.restart();
    Daemon.await(WAIT, "re-established", () -> established(s, GOBGP), gobgp.daemon());
    assertThat(s.peer(IpAddress.parse(GOBGP)).session().peerRestarting()).isTrue();
    gobgp.cli("global", "rib", "add", "10.86.0.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "End-of-RIB to sweep the route GoBGP did not send again",
        () -> {
          install(s, r);
          return s.ribIn(IpAddress.parse(GOBGP)).size() == 1
              && s.ribIn(IpAddress.parse(GOBGP)).stream().noneMatch(BgpRoute::stale);
        },
        gobgp.daemon());
    assertThat(kernel()).containsExactly("10.86.0.0/24 via 192.0.2.3");
  }
}
