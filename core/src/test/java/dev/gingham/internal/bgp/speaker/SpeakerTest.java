package dev.gingham.internal.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpMessageType;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.BgpSpeakerFactory;
import dev.gingham.bgp.BgpStartException;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.NoSuchPeerException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerExistsException;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.RouteDecision;
import dev.gingham.bgp.SpeakerClosedException;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two Gingham speakers on loopback, driven through the public API. */
class SpeakerTest {
  static final IpAddress A = IpAddress.parse("127.0.0.11");
  static final IpAddress B = IpAddress.parse("127.0.0.12");

  BgpSpeaker a;
  BgpSpeaker b;

  @AfterEach
  void close() {
    for (BgpSpeaker s : new BgpSpeaker[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static BgpSpeaker speaker(IpAddress at, long as) {
    return BgpSpeaker.builder()
        .localAs(as)
        .routerId((Ipv4Address) at)
        .listen(at, 0)
        .name("test-" + at)
        .start();
  }

  static PeerConfig.Builder peer(BgpSpeaker to, IpAddress address, long as, IpAddress from) {
    return PeerConfig.builder(address, as)
        .port(to.listenAddress().orElseThrow().getPort())
        .localAddress(from)
        .connectRetryTime(Duration.ofMillis(500));
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  void connect(PeerConfig.Builder aToB, PeerConfig.Builder bToA) throws InterruptedException {
    a.addPeer(aToB.build());
    b.addPeer(bToA.build());
    await(
        "established",
        () ->
            a.peer(B).state() == PeerState.ESTABLISHED
                && b.peer(A).state() == PeerState.ESTABLISHED);
  }

  @Test
  void serviceLoaderFindsTheEngine() {
    assertThat(ServiceLoader.load(BgpSpeakerFactory.class).stream().map(p -> p.type().getName()))
        .contains(NettySpeakerFactory.class.getName());
    a = speaker(A, 65001);
    assertThat(a).isInstanceOf(NettySpeaker.class);
    assertThat(a.listenAddress()).isPresent();
  }

  @Test
  void ebgpRoutesGetThePrependAndNextHopSelfAndLoseLocalPref() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(peer(b, B, 65002, A), peer(a, A, 65001, B));
    a.announce(
        BgpRoute.of(
            IpPrefix.parse("10.1.0.0/16"), PathAttributes.builder().localPref(300).med(7).build()));
    await("route at b", () -> !b.locRib().isEmpty());
    BgpRoute r = b.locRib().get(0);
    assertThat(r.peer()).isEqualTo(A);
    assertThat(r.attributes().asPath()).isEqualTo(AsPath.sequence(65001));
    assertThat(r.attributes().nextHop()).isEqualTo(A);
    assertThat(r.attributes().hasLocalPref()).isFalse();
    assertThat(r.attributes().med()).isEqualTo(7);
    assertThat(a.ribOut(B))
        .singleElement()
        .satisfies(o -> assertThat(o.prefix()).isEqualTo(IpPrefix.parse("10.1.0.0/16")));
    assertThat(a.peer(B).prefixes().advertised()).isEqualTo(1);
    assertThat(b.peer(A).prefixes().received()).isEqualTo(1);
    assertThat(b.peer(A).uptime(java.time.Instant.now())).isPositive();
  }

  @Test
  void importPoliciesRejectAndModifyAndAnUpdatedPolicyIsReapplied() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    PeerConfig.Builder bToA =
        peer(a, A, 65001, B)
            .importPolicy(
                (route, p) ->
                    route.prefix().toString().startsWith("10.9.")
                        ? RouteDecision.reject()
                        : RouteDecision.modify(
                            route.attributes().toBuilder()
                                .addCommunity(Community.of(65002, 1))
                                .build()));
    connect(peer(b, B, 65002, A), bToA);
    a.announce(BgpRoute.of(IpPrefix.parse("10.8.0.0/16"), PathAttributes.builder().build()));
    a.announce(BgpRoute.of(IpPrefix.parse("10.9.0.0/16"), PathAttributes.builder().build()));
    await("both in b's Adj-RIB-In", () -> b.ribIn(A).size() == 2);
    assertThat(b.locRib())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.prefix()).isEqualTo(IpPrefix.parse("10.8.0.0/16"));
              assertThat(r.attributes().communities()).containsExactly(Community.of(65002, 1));
            });
    assertThat(b.peer(A).prefixes().accepted()).isEqualTo(1);

    b.updatePeer(peer(a, A, 65001, B).build());
    assertThat(b.peer(A).state()).isEqualTo(PeerState.ESTABLISHED);
    assertThat(b.locRib()).hasSize(2);
  }

  @Test
  void exportPoliciesDecideWhatAPeerIsSent() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(
        peer(b, B, 65002, A)
            .exportPolicy(
                (r, p) ->
                    r.prefix().length() > 16 ? RouteDecision.reject() : RouteDecision.accept()),
        peer(a, A, 65001, B));
    a.announce(BgpRoute.of(IpPrefix.parse("10.2.0.0/16"), PathAttributes.builder().build()));
    a.announce(BgpRoute.of(IpPrefix.parse("10.3.1.0/24"), PathAttributes.builder().build()));
    await("10.2.0.0/16 at b", () -> b.locRib().size() == 1);
    Thread.sleep(300);
    assertThat(b.locRib())
        .extracting(BgpRoute::prefix)
        .containsExactly(IpPrefix.parse("10.2.0.0/16"));
  }

  @Test
  void iBgpLearnedRoutesAreNotSentToIBgpPeers() throws Exception {
    IpAddress c = IpAddress.parse("127.0.0.13");
    a = speaker(A, 65001);
    b = speaker(B, 65001);
    try (BgpSpeaker cs = speaker(c, 65001)) {
      a.addPeer(peer(b, B, 65001, A).build());
      b.addPeer(peer(a, A, 65001, B).build());
      b.addPeer(peer(cs, c, 65001, B).build());
      cs.addPeer(peer(b, B, 65001, c).build());
      await(
          "both sessions",
          () -> b.peers().stream().allMatch(p -> p.state() == PeerState.ESTABLISHED));
      a.announce(BgpRoute.of(IpPrefix.parse("10.4.0.0/16"), PathAttributes.builder().build()));
      await("b learns it", () -> b.locRib().size() == 1);
      assertThat(b.locRib().get(0).attributes().localPref()).isEqualTo(100);
      assertThat(b.locRib().get(0).attributes().hasLocalPref()).isTrue();
      Thread.sleep(300);
      assertThat(cs.locRib()).isEmpty();
      assertThat(b.ribOut(c)).isEmpty();
    }
  }

  @Test
  void eventsReplayTheCurrentStateThenReportChanges() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(peer(b, B, 65002, A), peer(a, A, 65001, B));
    a.announce(BgpRoute.of(IpPrefix.parse("10.5.0.0/16"), PathAttributes.builder().build()));
    await("b has it", () -> b.locRib().size() == 1);
    List<BgpEvent> events = new CopyOnWriteArrayList<>();
    try (EventSubscription sub = b.events(EventOptions.DEFAULTS, events::add)) {
      await("replay", () -> events.stream().anyMatch(e -> e instanceof BgpEvent.ReplayFinished));
      assertThat(events.get(0))
          .isEqualTo(
              new BgpEvent.PeerStateChanged(A, PeerState.ESTABLISHED, PeerState.ESTABLISHED, null));
      assertThat(events.get(1))
          .isInstanceOfSatisfying(
              BgpEvent.BestPathChanged.class,
              e -> assertThat(e.prefix()).isEqualTo(IpPrefix.parse("10.5.0.0/16")));
      a.withdraw(IpPrefix.parse("10.5.0.0/16"));
      await(
          "the withdrawal",
          () ->
              events.stream()
                  .anyMatch(e -> e instanceof BgpEvent.BestPathChanged bp && bp.best() == null));
      a.removePeer(B);
      await(
          "b sees a go",
          () ->
              events.stream()
                  .anyMatch(
                      e ->
                          e instanceof BgpEvent.PeerStateChanged pc
                              && pc.previous() == PeerState.ESTABLISHED));
      assertThat(sub.isActive()).isTrue();
    }
  }

  @Test
  void aListenerThatFallsBehindGetsOverflowedAndItsSubscriptionEnds() throws Exception {
    a = speaker(A, 65001);
    CountDownLatch release = new CountDownLatch(1);
    List<BgpEvent> events = new CopyOnWriteArrayList<>();
    EventSubscription sub =
        a.events(
            EventOptions.DEFAULTS.withReplay(false).withQueueCapacity(2),
            e -> {
              events.add(e);
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
            });
    for (int i = 0; i < 10; i++) {
      a.announce(
          BgpRoute.of(IpPrefix.parse("10.6." + i + ".0/24"), PathAttributes.builder().build()));
    }
    release.countDown();
    await("the overflow", () -> events.stream().anyMatch(e -> e instanceof BgpEvent.Overflowed));
    assertThat(sub.isActive()).isFalse();
    assertThat(events.size()).isLessThanOrEqualTo(4);
  }

  @Test
  void aHoldTimeOfZeroMeansNoKeepalives() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(peer(b, B, 65002, A).holdTime(Duration.ZERO), peer(a, A, 65001, B));
    assertThat(a.peer(B).session().holdTimeSeconds()).isZero();
    assertThat(a.peer(B).session().keepaliveSeconds()).isZero();
    long sent = a.peer(B).counters().sent(BgpMessageType.KEEPALIVE);
    Thread.sleep(1500);
    assertThat(a.peer(B).counters().sent(BgpMessageType.KEEPALIVE)).isEqualTo(sent);
  }

  @Test
  void badCallsFailWithSpecificErrorsAndChangeNothing() throws Exception {
    a = speaker(A, 65001);
    PeerConfig p = PeerConfig.builder(B, 65002).passive(true).build();
    a.addPeer(p);
    assertThatThrownBy(() -> a.addPeer(p))
        .isInstanceOf(PeerExistsException.class)
        .hasMessageContaining("127.0.0.12");
    assertThatThrownBy(() -> a.removePeer(IpAddress.parse("127.0.0.99")))
        .isInstanceOf(NoSuchPeerException.class)
        .hasMessageContaining("127.0.0.99");
    assertThatThrownBy(() -> a.ribIn(IpAddress.parse("127.0.0.99")))
        .isInstanceOf(NoSuchPeerException.class);
    assertThatThrownBy(
            () ->
                a.announce(
                    BgpRoute.learned(
                        IpPrefix.parse("10.0.0.0/8"), PathAttributes.builder().build(), B, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.12");
    assertThatThrownBy(
            () ->
                a.announce(
                    BgpRoute.of(
                        IpPrefix.parse("10.0.0.0/8"),
                        PathAttributes.builder().nextHop(IpAddress.parse("2001:db8::1")).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2001:db8::1");
    assertThatThrownBy(() -> PeerConfig.builder(B, 65002).holdTime(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 2");
    assertThatThrownBy(() -> a.refresh(B, dev.gingham.bgp.AddressFamily.IPV4_UNICAST))
        .hasMessageContaining("not ESTABLISHED");
    assertThat(a.peers()).hasSize(1);
    assertThat(a.locRib()).isEmpty();
    int port = a.listenAddress().orElseThrow().getPort();
    assertThatThrownBy(
            () ->
                BgpSpeaker.builder()
                    .localAs(1)
                    .routerId(Ipv4Address.parse("1.1.1.1"))
                    .listen(A, port)
                    .start())
        .isInstanceOf(BgpStartException.class)
        .hasMessageContaining(Integer.toString(port));
    a.close();
    assertThatThrownBy(() -> a.peers()).isInstanceOf(SpeakerClosedException.class);
  }

  @Test
  void aLargeTableDoesNotStarveTheKeepalivesOfAShortHoldTime() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(
        peer(b, B, 65002, A).holdTime(Duration.ofSeconds(3)),
        peer(a, A, 65001, B).holdTime(Duration.ofSeconds(3)));
    List<BgpEvent> drops = new CopyOnWriteArrayList<>();
    try (EventSubscription sa =
            a.events(EventOptions.DEFAULTS.withReplay(false).peerStatesOnly(), drops::add);
        EventSubscription sb =
            b.events(EventOptions.DEFAULTS.withReplay(false).peerStatesOnly(), drops::add)) {
      List<BgpRoute> table = new java.util.ArrayList<>();
      for (int i = 0; i < 200_000; i++) {
        table.add(
            BgpRoute.of(
                IpPrefix.of(Ipv4Address.of(0x0A000000 + (i << 8)), 24),
                PathAttributes.builder().med(i % 50).build()));
      }
      long start = System.nanoTime();
      a.announceAll(table);
      long deadline = start + TimeUnit.SECONDS.toNanos(90);
      while (b.peer(A).prefixes().received() < 200_000) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "b has " + b.peer(A).prefixes().received() + " routes after 90 s");
        }
        Thread.sleep(200);
      }
      assertThat(drops).as("no session went down while the table moved").isEmpty();
      assertThat(a.peer(B).state()).isEqualTo(PeerState.ESTABLISHED);
      assertThat(b.peer(A).state()).isEqualTo(PeerState.ESTABLISHED);
    }
  }

  @Test
  void aRouteRefreshFromThePeerMakesTheSpeakerSendItsRoutesAgain() throws Exception {
    a = speaker(A, 65001);
    b = speaker(B, 65002);
    connect(peer(b, B, 65002, A), peer(a, A, 65001, B));
    a.announce(BgpRoute.of(IpPrefix.parse("10.7.0.0/16"), PathAttributes.builder().build()));
    await("b has it", () -> b.locRib().size() == 1);
    long before = b.peer(A).counters().received(BgpMessageType.UPDATE);

    b.refresh(A, dev.gingham.bgp.AddressFamily.IPV4_UNICAST);

    await("a resends", () -> b.peer(A).counters().received(BgpMessageType.UPDATE) > before);
    assertThat(a.peer(B).counters().received(BgpMessageType.ROUTE_REFRESH)).isEqualTo(1);
    assertThat(b.locRib()).hasSize(1);
  }
}
