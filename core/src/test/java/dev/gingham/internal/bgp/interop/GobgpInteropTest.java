package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpMessageType;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Gingham against a real gobgpd on loopback: eBGP with 4-octet ASNs, IPv4 and IPv6. */
class GobgpInteropTest extends InteropFixture {
  static final long GINGHAM_AS = 4_200_000_001L;
  static final long GOBGP_AS = 4_200_000_002L;
  static final String GOBGP = "127.0.0.3";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();

  Gobgp gobgp;

  void startBoth(boolean graceful) throws Exception {
    startSpeaker(GINGHAM_AS, "gobgp-interop");
    int port = speakerPort();
    gobgp = Gobgp.start(dir, GOBGP, GOBGP_AS, GINGHAM, GINGHAM_AS, port, graceful);
    daemon = gobgp;
    speaker.addPeer(
        PeerConfig.builder(IpAddress.parse(GOBGP), GOBGP_AS)
            .port(gobgp.port)
            .localAddress(IpAddress.parse(GINGHAM))
            .connectRetryTime(Duration.ofSeconds(1))
            .holdTime(Duration.ofSeconds(9))
            // GoBGP refuses loopback next hops; a documentation address stands in for ours.
            .ipv4NextHop(IpAddress.parse("192.0.2.2"))
            .ipv6NextHop(IpAddress.parse("2001:db8::2"))
            .build());
    awaitState(PeerState.ESTABLISHED);
  }

  void awaitState(PeerState state) throws InterruptedException {
    Daemon.await(
        WAIT,
        "session " + state,
        () -> speaker.peer(IpAddress.parse(GOBGP)).state() == state,
        gobgp.daemon());
  }

  JsonNode gobgpRib(String family) throws Exception {
    String out = gobgp.cli("global", "rib", "-a", family, "-j");
    return JSON.readTree(out.isBlank() ? "{}" : out);
  }

  static Optional<JsonNode> attr(JsonNode path, int type) {
    for (JsonNode a : path.get("attrs")) {
      if (a.get("type").asInt() == type) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  Optional<BgpRoute> ribIn(String prefix) {
    return ribIn(GOBGP, prefix);
  }

  @Test
  void routesFlowBothWaysWithTheirAttributesAndWithdrawalsPropagate() throws Exception {
    startBoth(false);
    assertThat(speaker.peer(IpAddress.parse(GOBGP)).session().fourOctetAs()).isTrue();
    assertThat(speaker.peer(IpAddress.parse(GOBGP)).session().families())
        .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    // Gingham -> GoBGP, IPv4 and IPv6.
    speaker.announce(
        BgpRoute.of(
            IpPrefix.parse("10.10.0.0/24"),
            PathAttributes.builder()
                .med(5)
                .addCommunity(Community.of(65001, 1))
                .addLargeCommunity(LargeCommunity.of(GINGHAM_AS, 1, 2))
                .build()));
    speaker.announce(
        BgpRoute.of(IpPrefix.parse("2001:db8:10::/48"), PathAttributes.builder().build()));
    Daemon.await(
        WAIT,
        "10.10.0.0/24 at gobgp",
        () -> has(gobgpRibQuiet("ipv4"), "10.10.0.0/24"),
        gobgp.daemon());
    JsonNode path = gobgpRib("ipv4").get("10.10.0.0/24").get(0);
    assertThat(attr(path, 3).orElseThrow().get("nexthop").asText()).isEqualTo("192.0.2.2");
    assertThat(attr(path, 2).orElseThrow().get("as_paths").get(0).get("asns").get(0).asLong())
        .isEqualTo(GINGHAM_AS);
    assertThat(attr(path, 4).orElseThrow().get("metric").asLong()).isEqualTo(5);
    assertThat(attr(path, 8).orElseThrow().get("communities").get(0).asLong())
        .isEqualTo(65001L << 16 | 1);
    assertThat(attr(path, 32)).isPresent();
    Daemon.await(
        WAIT,
        "2001:db8:10::/48 at gobgp",
        () -> has(gobgpRibQuiet("ipv6"), "2001:db8:10::/48"),
        gobgp.daemon());
    JsonNode v6 = gobgpRib("ipv6").get("2001:db8:10::/48").get(0);
    assertThat(attr(v6, 14).orElseThrow().toString()).contains("2001:db8::2");

    // GoBGP -> Gingham.
    gobgp.cli("global", "rib", "add", "10.20.0.0/24", "-a", "ipv4", "community", "65002:7");
    gobgp.cli("global", "rib", "add", "2001:db8:20::/48", "-a", "ipv6");
    Daemon.await(
        WAIT, "10.20.0.0/24 in Gingham", () -> ribIn("10.20.0.0/24").isPresent(), gobgp.daemon());
    Daemon.await(
        WAIT,
        "2001:db8:20::/48 in Gingham",
        () -> ribIn("2001:db8:20::/48").isPresent(),
        gobgp.daemon());
    PathAttributes in = ribIn("10.20.0.0/24").orElseThrow().attributes();
    assertThat(in.asPath()).isEqualTo(AsPath.sequence(GOBGP_AS));
    assertThat(in.nextHop()).isEqualTo(IpAddress.parse(GOBGP));
    assertThat(in.communities()).containsExactly(Community.of(65002, 7));
    assertThat(speaker.locRib())
        .extracting(r -> r.prefix().toString())
        .contains("10.20.0.0/24", "2001:db8:20::/48", "10.10.0.0/24");
    assertThat(ribIn("2001:db8:20::/48").orElseThrow().attributes().nextHop().family())
        .isEqualTo(dev.gingham.net.IpFamily.IPV6);

    // Withdrawals, both ways.
    speaker.withdraw(IpPrefix.parse("10.10.0.0/24"));
    Daemon.await(
        WAIT,
        "10.10.0.0/24 gone from gobgp",
        () -> !has(gobgpRibQuiet("ipv4"), "10.10.0.0/24"),
        gobgp.daemon());
    gobgp.cli("global", "rib", "del", "10.20.0.0/24", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "10.20.0.0/24 gone from Gingham",
        () -> ribIn("10.20.0.0/24").isEmpty(),
        gobgp.daemon());
    assertThat(speaker.locRib())
        .extracting(r -> r.prefix().toString())
        .doesNotContain("10.20.0.0/24");
  }

  @Test
  void routeRefreshMakesThePeerSendItsRoutesAgain() throws Exception {
    startBoth(false);
    gobgp.cli("global", "rib", "add", "10.30.0.0/24", "-a", "ipv4");
    Daemon.await(
        WAIT, "10.30.0.0/24 in Gingham", () -> ribIn("10.30.0.0/24").isPresent(), gobgp.daemon());
    long updatesBefore =
        speaker.peer(IpAddress.parse(GOBGP)).counters().received(BgpMessageType.UPDATE);

    speaker.refresh(IpAddress.parse(GOBGP), AddressFamily.IPV4_UNICAST);

    Daemon.await(
        WAIT,
        "an UPDATE after ROUTE-REFRESH",
        () ->
            speaker.peer(IpAddress.parse(GOBGP)).counters().received(BgpMessageType.UPDATE)
                > updatesBefore,
        gobgp.daemon());
    assertThat(speaker.peer(IpAddress.parse(GOBGP)).counters().sent(BgpMessageType.ROUTE_REFRESH))
        .isEqualTo(1);
    assertThat(ribIn("10.30.0.0/24")).isPresent();
  }

  @Test
  void aGracefulRestartKeepsTheRoutesStaleThenRefreshesThem() throws Exception {
    startBoth(true);
    assertThat(speaker.peer(IpAddress.parse(GOBGP)).session().peerRestartSeconds()).isEqualTo(30);
    gobgp.cli("global", "rib", "add", "10.40.0.0/24", "-a", "ipv4");
    gobgp.cli("global", "rib", "add", "10.41.0.0/24", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "both routes in Gingham",
        () -> ribIn("10.41.0.0/24").isPresent() && ribIn("10.40.0.0/24").isPresent(),
        gobgp.daemon());

    gobgp.kill();
    Daemon.await(
        WAIT,
        "the session to drop",
        () -> speaker.peer(IpAddress.parse(GOBGP)).state() != PeerState.ESTABLISHED);
    assertThat(ribIn("10.40.0.0/24").orElseThrow().stale()).isTrue();
    assertThat(speaker.locRib())
        .filteredOn(r -> r.prefix().toString().equals("10.40.0.0/24"))
        .singleElement()
        .satisfies(r -> assertThat(r.stale()).isTrue());

    gobgp.restart();
    Daemon.await(
        WAIT,
        "re-established",
        () -> speaker.peer(IpAddress.parse(GOBGP)).state() == PeerState.ESTABLISHED,
        gobgp.daemon());
    gobgp.cli("global", "rib", "add", "10.40.0.0/24", "-a", "ipv4");
    Daemon.await(
        WAIT,
        "10.40.0.0/24 fresh and 10.41.0.0/24 swept after End-of-RIB",
        () ->
            ribIn("10.40.0.0/24").map(r -> !r.stale()).orElse(false)
                && ribIn("10.41.0.0/24").isEmpty(),
        gobgp.daemon());
  }

  @Test
  void theHoldTimerExpiresWhenThePeerIsFrozen() throws Exception {
    startBoth(false);
    gobgp.daemon().signal("STOP");
    try {
      Daemon.await(
          Duration.ofSeconds(25),
          "the hold timer to expire",
          () -> speaker.peer(IpAddress.parse(GOBGP)).state() != PeerState.ESTABLISHED);
      assertThat(speaker.peer(IpAddress.parse(GOBGP)).lastError()).contains("hold timer expired");
    } finally {
      gobgp.daemon().signal("CONT");
    }
  }

  private JsonNode gobgpRibQuiet(String family) {
    try {
      return gobgpRib(family);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static boolean has(JsonNode rib, String prefix) {
    return rib.has(prefix);
  }

  static List<String> prefixes(List<BgpRoute> routes) {
    return routes.stream().map(r -> r.prefix().toString()).toList();
  }
}
