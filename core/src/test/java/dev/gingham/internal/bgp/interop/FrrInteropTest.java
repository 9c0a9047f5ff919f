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

/** Gingham against FRR's bgpd on loopback: eBGP with 4-octet ASNs, IPv4 and IPv6. */
class FrrInteropTest extends InteropFixture {
  static final String FRR = "127.0.0.5";
  static final long GINGHAM_AS = 4_200_000_001L;
  static final long FRR_AS = 4_200_000_005L;
  static final Duration WAIT = Duration.ofSeconds(40);

  Frr frr;

  Optional<BgpRoute> ribIn(String prefix) {
    return ribIn(FRR, prefix);
  }

  @Test
  void routesFlowBothWaysAndWithdrawalsPropagate() throws Exception {
    startSpeaker(GINGHAM_AS, "frr-interop");
    int gport = speakerPort();
    String n = "neighbor " + GINGHAM;
    frr =
        Frr.start(
            dir,
            FRR,
            "frr defaults traditional\n"
                + "hostname gingham-frr\n"
                + "router bgp "
                + FRR_AS
                + "\n"
                + " bgp router-id "
                + FRR
                + "\n"
                + " no bgp ebgp-requires-policy\n"
                + " no bgp network import-check\n"
                + " "
                + n
                + " remote-as "
                + GINGHAM_AS
                + "\n"
                + " "
                + n
                + " port "
                + gport
                + "\n"
                + " "
                + n
                + " update-source "
                + FRR
                + "\n"
                + " "
                + n
                + " timers 3 9\n"
                + " "
                + n
                + " timers connect 1\n"
                + " address-family ipv4 unicast\n"
                + "  network 10.70.0.0/24\n"
                + "  "
                + n
                + " activate\n"
                + " exit-address-family\n"
                + " address-family ipv6 unicast\n"
                + "  network 2001:db8:70::/48\n"
                + "  "
                + n
                + " activate\n"
                + " exit-address-family\n");
    daemon = frr;
    speaker.addPeer(
        PeerConfig.builder(IpAddress.parse(FRR), FRR_AS)
            .port(frr.port)
            .localAddress(IpAddress.parse(GINGHAM))
            .connectRetryTime(Duration.ofSeconds(1))
            .holdTime(Duration.ofSeconds(9))
            // FRR drops martian (loopback) next hops; documentation addresses stand in for ours.
            .ipv4NextHop(IpAddress.parse("192.0.2.2"))
            .ipv6NextHop(IpAddress.parse("2001:db8::2"))
            .build());
    Daemon.await(
        WAIT,
        "the session with FRR",
        () -> speaker.peer(IpAddress.parse(FRR)).state() == PeerState.ESTABLISHED,
        frr.daemon());
    assertThat(speaker.peer(IpAddress.parse(FRR)).session().fourOctetAs()).isTrue();

    speaker.announce(
        BgpRoute.of(
            IpPrefix.parse("10.71.0.0/24"),
            PathAttributes.builder().addCommunity(Community.of(65001, 71)).build()));
    speaker.announce(
        BgpRoute.of(IpPrefix.parse("2001:db8:71::/48"), PathAttributes.builder().build()));
    Daemon.await(
        WAIT,
        "10.71.0.0/24 at FRR",
        () -> frr.vtysh("show bgp ipv4 unicast 10.71.0.0/24 json").contains("192.0.2.2"),
        frr.daemon());
    String v4 = frr.vtysh("show bgp ipv4 unicast 10.71.0.0/24 json");
    assertThat(v4).contains("\"string\":\"" + GINGHAM_AS + "\"").contains("65001:71");
    Daemon.await(
        WAIT,
        "2001:db8:71::/48 at FRR",
        () -> frr.vtysh("show bgp ipv6 unicast 2001:db8:71::/48 json").contains("2001:db8::2"),
        frr.daemon());

    Daemon.await(
        WAIT,
        "FRR's routes in Gingham",
        () -> ribIn("10.70.0.0/24").isPresent() && ribIn("2001:db8:70::/48").isPresent(),
        frr.daemon());
    PathAttributes in = ribIn("10.70.0.0/24").orElseThrow().attributes();
    assertThat(in.asPath()).isEqualTo(AsPath.sequence(FRR_AS));
    assertThat(in.nextHop()).isEqualTo(IpAddress.parse(FRR));

    speaker.withdraw(IpPrefix.parse("10.71.0.0/24"));
    Daemon.await(
        WAIT,
        "10.71.0.0/24 gone from FRR",
        () -> !frr.vtysh("show bgp ipv4 unicast json").contains("10.71.0.0/24"),
        frr.daemon());
    frr.vtysh(
        "configure terminal\nrouter bgp "
            + FRR_AS
            + "\naddress-family ipv4 unicast\nno network 10.70.0.0/24");
    Daemon.await(
        WAIT,
        "10.70.0.0/24 gone from Gingham",
        () -> ribIn("10.70.0.0/24").isEmpty(),
        frr.daemon());
  }
}
