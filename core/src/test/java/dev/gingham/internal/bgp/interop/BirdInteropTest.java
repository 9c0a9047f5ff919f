package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Gingham against a real BIRD 2 on loopback: iBGP with IPv4 and IPv6, and a 2-octet-only eBGP peer.
 */
class BirdInteropTest extends InteropFixture {
  static final String BIRD = "127.0.0.4";
  static final Duration WAIT = Duration.ofSeconds(30);

  Bird bird;

  void start(long localAs, String birdProtocols, PeerConfig.Builder peer) throws Exception {
    startSpeaker(localAs, "bird-interop");
    int port = speakerPort();
    bird = Bird.start(dir, BIRD, birdProtocols.replace("%GPORT%", Integer.toString(port)));
    daemon = bird;
    speaker.addPeer(
        peer.port(bird.port)
            .localAddress(IpAddress.parse(GINGHAM))
            .connectRetryTime(Duration.ofSeconds(1))
            .holdTime(Duration.ofSeconds(9))
            .build());
    Daemon.await(
        WAIT,
        "the session with BIRD",
        () -> speaker.peer(IpAddress.parse(BIRD)).state() == PeerState.ESTABLISHED,
        bird.daemon());
  }

  Optional<BgpRoute> ribIn(String prefix) {
    return ribIn(BIRD, prefix);
  }

  /** The block of {@code birdc show route all} about one prefix. */
  static String block(String routes, String prefix) {
    int at = routes.indexOf(prefix);
    if (at < 0) {
      return "";
    }
    int end = routes.indexOf("\n" + (prefix.contains(":") ? "2" : "1"), at + prefix.length());
    return end < 0 ? routes.substring(at) : routes.substring(at, end);
  }

  @Test
  void iBgpCarriesIpv4AndIpv6BothWaysWithLocalPrefAndWithdrawals() throws Exception {
    String protocols =
        "protocol static s4 { ipv4; route 10.50.0.0/24 blackhole; }\n"
            + "protocol static s6 { ipv6; route 2001:db8:50::/48 blackhole; }\n"
            + "protocol bgp gingham {\n"
            + "  local "
            + BIRD
            + " port %PORT% as 65010;\n"
            + "  neighbor "
            + GINGHAM
            + " port %GPORT% as 65010;\n"
            + "  hold time 9; keepalive time 3; connect retry time 1; connect delay time 1;\n"
            + "  ipv4 { import all; export all; next hop self; gateway recursive; igp table master4; };\n"
            + "  ipv6 { import all; export all; next hop address 2001:db8::4; gateway recursive; igp table master6; };\n"
            + "}\n";
    start(
        65010,
        protocols,
        PeerConfig.builder(IpAddress.parse(BIRD), 65010)
            .ipv6NextHop(IpAddress.parse("2001:db8::2")));

    speaker.announce(
        BgpRoute.of(
            IpPrefix.parse("10.51.0.0/24"),
            PathAttributes.builder().localPref(250).addCommunity(Community.of(65010, 9)).build()));
    speaker.announce(
        BgpRoute.of(IpPrefix.parse("2001:db8:51::/48"), PathAttributes.builder().build()));

    Daemon.await(
        WAIT, "10.51.0.0/24 at BIRD", () -> bird.routes().contains("10.51.0.0/24"), bird.daemon());
    Daemon.await(
        WAIT,
        "2001:db8:51::/48 at BIRD",
        () -> bird.routes().contains("2001:db8:51::/48"),
        bird.daemon());
    String v4 = block(bird.routes(), "10.51.0.0/24");
    assertThat(v4)
        .contains("BGP.local_pref: 250")
        .contains("BGP.next_hop: " + GINGHAM)
        .contains("(65010,9)")
        .contains("BGP.as_path: \n".trim());
    assertThat(block(bird.routes(), "2001:db8:51::/48")).contains("BGP.next_hop: 2001:db8::2");

    Daemon.await(
        WAIT,
        "BIRD's routes in Gingham",
        () -> ribIn("10.50.0.0/24").isPresent() && ribIn("2001:db8:50::/48").isPresent(),
        bird.daemon());
    PathAttributes in = ribIn("10.50.0.0/24").orElseThrow().attributes();
    assertThat(in.asPath()).isEqualTo(AsPath.EMPTY);
    assertThat(in.hasLocalPref()).isTrue();
    assertThat(in.localPref()).isEqualTo(100);
    assertThat(in.nextHop()).isEqualTo(IpAddress.parse(BIRD));
    assertThat(ribIn("2001:db8:50::/48").orElseThrow().attributes().nextHop())
        .isEqualTo(IpAddress.parse("2001:db8::4"));

    speaker.withdraw(IpPrefix.parse("10.51.0.0/24"));
    Daemon.await(
        WAIT,
        "10.51.0.0/24 gone from BIRD",
        () -> !bird.routes().contains("10.51.0.0/24"),
        bird.daemon());
    bird.birdc("disable", "s4");
    Daemon.await(
        WAIT,
        "10.50.0.0/24 gone from Gingham",
        () -> ribIn("10.50.0.0/24").isEmpty(),
        bird.daemon());
  }

  @Test
  void asATwoOctetSpeakerGinghamSendsAsTransWithAs4PathAndMergesWhatItReceives() throws Exception {
    String protocols =
        "protocol static s4 { ipv4; route 10.60.0.0/24 blackhole; }\n"
            + "filter far { bgp_path.prepend(4200000099); accept; }\n"
            + "protocol bgp gingham {\n"
            + "  local "
            + BIRD
            + " port %PORT% as 4200000004;\n"
            + "  neighbor "
            + GINGHAM
            + " port %GPORT% as 65021;\n"
            + "  multihop;\n"
            + "  hold time 9; keepalive time 3; connect retry time 1; connect delay time 1;\n"
            + "  ipv4 { import all; export filter far; next hop self; gateway recursive; igp table master4; };\n"
            + "}\n";
    start(
        65021,
        protocols,
        // A 2-octet speaker knows BIRD's 4-octet AS only as AS_TRANS.
        PeerConfig.builder(IpAddress.parse(BIRD), 23456)
            .fourOctetAs(false)
            .families(java.util.Set.of(dev.gingham.bgp.AddressFamily.IPV4_UNICAST)));
    assertThat(speaker.peer(IpAddress.parse(BIRD)).session().fourOctetAs()).isFalse();
    assertThat(speaker.peer(IpAddress.parse(BIRD)).session().remoteAs()).isEqualTo(23456);

    speaker.announce(
        BgpRoute.of(
            IpPrefix.parse("10.61.0.0/24"),
            PathAttributes.builder().asPath(AsPath.sequence(4_200_000_077L)).build()));
    Daemon.await(
        WAIT, "10.61.0.0/24 at BIRD", () -> bird.routes().contains("10.61.0.0/24"), bird.daemon());
    assertThat(block(bird.routes(), "10.61.0.0/24")).contains("BGP.as_path: 65021 4200000077");

    Daemon.await(
        WAIT, "10.60.0.0/24 in Gingham", () -> ribIn("10.60.0.0/24").isPresent(), bird.daemon());
    assertThat(ribIn("10.60.0.0/24").orElseThrow().attributes().asPath())
        .isEqualTo(AsPath.sequence(4_200_000_004L, 4_200_000_099L));
  }
}
