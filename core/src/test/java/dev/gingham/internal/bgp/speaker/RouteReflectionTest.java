package dev.gingham.internal.bgp.speaker;

import static dev.gingham.internal.bgp.speaker.SpeakerTest.await;
import static dev.gingham.internal.bgp.speaker.Speakers.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Route reflection (RFC 4456) among Gingham speakers on loopback, all in AS 65000. */
class RouteReflectionTest {
  static final long AS = 65_000;
  static final Ipv4Address CLUSTER = Ipv4Address.parse("10.255.0.1");

  final Speakers speakers = new Speakers();

  @AfterEach
  void close() {
    speakers.close();
  }

  static Optional<BgpRoute> best(BgpSpeaker s, String prefix) {
    IpPrefix p = IpPrefix.parse(prefix);
    return s.locRib().stream().filter(r -> r.prefix().equals(p)).findFirst();
  }

  static BgpRoute announce(BgpSpeaker s, String prefix) {
    BgpRoute r =
        BgpRoute.of(IpPrefix.parse(prefix), PathAttributes.builder().nextHop(address(s)).build());
    s.announce(r);
    return r;
  }

  @Test
  void clientRoutesGoEverywhereNonClientRoutesOnlyToClientsWithOriginatorAndClusterList()
      throws Exception {
    BgpSpeaker rr = speakers.start("127.0.1.1", AS, b -> b.clusterId(CLUSTER));
    BgpSpeaker c1 = speakers.start("127.0.1.2", AS);
    BgpSpeaker c2 = speakers.start("127.0.1.3", AS);
    BgpSpeaker n1 = speakers.start("127.0.1.4", AS);
    BgpSpeaker n2 = speakers.start("127.0.1.5", AS);
    for (BgpSpeaker c : List.of(c1, c2)) {
      Speakers.connect(rr, p -> p.routeReflectorClient(true), c, p -> p);
    }
    for (BgpSpeaker n : List.of(n1, n2)) {
      Speakers.connect(rr, p -> p, n, p -> p);
    }
    announce(c1, "10.1.0.0/16");
    announce(n1, "10.4.0.0/16");

    // A client's route reaches the other client and both non-clients.
    for (BgpSpeaker s : List.of(c2, n1, n2)) {
      await("10.1.0.0/16 at " + address(s), () -> best(s, "10.1.0.0/16").isPresent());
      PathAttributes a = best(s, "10.1.0.0/16").orElseThrow().attributes();
      assertThat(a.originatorId()).isEqualTo(c1.config().routerId());
      assertThat(a.clusterList()).containsExactly(CLUSTER);
      assertThat(a.nextHop()).isEqualTo(address(c1));
    }
    // A non-client's route reaches the clients only.
    for (BgpSpeaker s : List.of(c1, c2)) {
      await("10.4.0.0/16 at " + address(s), () -> best(s, "10.4.0.0/16").isPresent());
      assertThat(best(s, "10.4.0.0/16").orElseThrow().attributes().originatorId())
          .isEqualTo(n1.config().routerId());
    }
    Thread.sleep(500);
    assertThat(best(n2, "10.4.0.0/16")).as("non-client to non-client is not reflected").isEmpty();
    assertThat(rr.ribOut(address(c1)))
        .extracting(r -> r.prefix().toString())
        .as("the originator does not get its own route back")
        .doesNotContain("10.1.0.0/16");

    // Withdrawals are reflected too.
    c1.withdraw(IpPrefix.parse("10.1.0.0/16"));
    await("10.1.0.0/16 gone from n2", () -> best(n2, "10.1.0.0/16").isEmpty());
  }

  @Test
  void aReflectorIgnoresRoutesThatCarryItsClusterIdAndAClientItsOwnOriginatorId() throws Exception {
    // Two reflectors of one cluster, each with the same two clients, and iBGP between them.
    BgpSpeaker rr1 = speakers.start("127.0.1.11", AS, b -> b.clusterId(CLUSTER));
    BgpSpeaker rr2 = speakers.start("127.0.1.12", AS, b -> b.clusterId(CLUSTER));
    BgpSpeaker c1 = speakers.start("127.0.1.13", AS);
    BgpSpeaker c2 = speakers.start("127.0.1.14", AS);
    for (BgpSpeaker rr : List.of(rr1, rr2)) {
      for (BgpSpeaker c : List.of(c1, c2)) {
        Speakers.connect(rr, p -> p.routeReflectorClient(true), c, p -> p);
      }
    }
    Speakers.connect(rr1, p -> p, rr2, p -> p);
    announce(c1, "10.13.0.0/16");

    await("c2 has c1's route", () -> best(c2, "10.13.0.0/16").isPresent());
    // rr1 reflects c1's route to rr2 (a non-client) with the cluster id in CLUSTER_LIST: rr2
    // keeps it in its Adj-RIB-In but not as a candidate, so its one path is c1's own.
    await(
        "rr2 received the reflected copy from rr1",
        () ->
            rr2.ribIn(address(rr1)).stream()
                .anyMatch(r -> r.prefix().toString().equals("10.13.0.0/16")));
    assertThat(rr2.paths(IpPrefix.parse("10.13.0.0/16")))
        .extracting(BgpRoute::peer)
        .containsExactly(address(c1));
    // c2 hears the route from both reflectors: two candidates, each with c1 as originator.
    await("c2 has two paths", () -> c2.paths(IpPrefix.parse("10.13.0.0/16")).size() == 2);
    // c1 never takes its own route back: the reflectors do not send it, and nothing loops.
    assertThat(c1.paths(IpPrefix.parse("10.13.0.0/16")))
        .singleElement()
        .satisfies(r -> assertThat(r.isLocal()).isTrue());
  }
}
