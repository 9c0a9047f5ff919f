package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.bgp.AddPath;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerTable;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ADD-PATH (RFC 7911) with BIRD ({@code add paths}) and GoBGP ({@code add-paths}): a prefix with 4
 * paths arrives with all 4, in both directions, over iBGP sessions of AS 65000.
 */
class AddPathInteropTest extends InteropFixture {
  static final long AS = 65_000;
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();

  /** Loads four tables, from four eBGP neighbours, each with one path to {@code prefix}. */
  void injectFourPaths(String prefix) {
    for (int i = 1; i <= 4; i++) {
      String nh = "192.0.2." + (10 + i);
      long as = 65_070 + i;
      speaker.injectTable(
          new PeerTable(
              new PeerIdentity(IpAddress.parse(nh), as, Ipv4Address.parse(nh)),
              List.of(
                  BgpRoute.learned(
                      IpPrefix.parse(prefix),
                      PathAttributes.builder()
                          .asPath(AsPath.sequence(as))
                          .nextHop(IpAddress.parse(nh))
                          .build(),
                      IpAddress.parse(nh),
                      false))));
    }
    assertThat(speaker.paths(IpPrefix.parse(prefix))).hasSize(4);
  }

  PeerConfig.Builder peerTo(String address, int port) {
    return PeerConfig.builder(IpAddress.parse(address), AS)
        .port(port)
        .localAddress(IpAddress.parse(GINGHAM))
        .connectRetryTime(Duration.ofSeconds(1))
        .holdTime(Duration.ofSeconds(9));
  }

  List<BgpRoute> received(String peer, String prefix) {
    return speaker.ribIn(IpAddress.parse(peer)).stream()
        .filter(r -> r.prefix().toString().equals(prefix))
        .toList();
  }

  static String birdProtocols(String bird, int ginghamPort) {
    StringBuilder conf = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      conf.append("protocol static src")
          .append(i)
          .append(" { ipv4; route 10.70.0.0/24 blackhole { bgp_med = ")
          .append(i)
          .append("; bgp_community.add((65000,")
          .append(i)
          .append(")); }; }\n");
    }
    return conf.append("protocol bgp gingham {\n  local ")
        .append(bird)
        .append(" port %PORT% as ")
        .append(AS)
        .append(";\n  neighbor ")
        .append(GINGHAM)
        .append(" port ")
        .append(ginghamPort)
        .append(" as ")
        .append(AS)
        .append(";\n  hold time 9; connect retry time 1; connect delay time 1;\n")
        .append("  ipv4 { import all; export all; add paths on; next hop address 192.0.2.4;")
        .append(" gateway recursive; igp table master4; };\n}\n")
        .toString();
  }

  @Test
  void withBirdFourPathsGoEachWay() throws Exception {
    startSpeaker(AS, "addpath-bird");
    String birdAddress = "127.0.0.4";
    Bird bird = Bird.start(dir, birdAddress, birdProtocols(birdAddress, speakerPort()));
    daemon = bird;
    injectFourPaths("10.71.0.0/24");
    speaker.addPeer(
        peerTo(birdAddress, bird.port).addPath(AddressFamily.IPV4_UNICAST, AddPath.both()).build());
    Daemon.await(
        WAIT,
        "the session with BIRD",
        () -> speaker.peer(IpAddress.parse(birdAddress)).state() == PeerState.ESTABLISHED,
        bird.daemon());
    assertThat(
            speaker
                .peer(IpAddress.parse(birdAddress))
                .session()
                .addPath(AddressFamily.IPV4_UNICAST))
        .isEqualTo(AddPath.both());

    // BIRD -> Gingham: four paths with four identifiers, MEDs 1..4.
    Daemon.await(
        WAIT,
        "four paths from BIRD",
        () -> received(birdAddress, "10.70.0.0/24").size() == 4,
        bird.daemon());
    Set<Integer> ids = new HashSet<>();
    Set<Long> meds = new HashSet<>();
    for (BgpRoute r : received(birdAddress, "10.70.0.0/24")) {
      ids.add(r.pathId());
      meds.add(r.attributes().med());
    }
    assertThat(ids).hasSize(4);
    assertThat(meds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

    // Gingham -> BIRD: BIRD stores one route per path it received.
    Daemon.await(
        WAIT,
        "four paths at BIRD",
        () ->
            BirdInteropTest.block(bird.routes(), "10.71.0.0/24").split("\\[gingham ", -1).length - 1
                == 4,
        bird.daemon());
    String block = BirdInteropTest.block(bird.routes(), "10.71.0.0/24");
    for (int i = 1; i <= 4; i++) {
      assertThat(block).contains("BGP.as_path: " + (65_070 + i));
    }
  }

  @Test
  void withGobgpFourPathsGoEachWay() throws Exception {
    startSpeaker(AS, "addpath-gobgp");
    String gobgpAddress = "127.0.0.3";
    Gobgp gobgp =
        Gobgp.start(
            dir,
            gobgpAddress,
            AS,
            List.of(
                Gobgp.Neighbour.of(GINGHAM, AS, speakerPort())
                    .withTables(
                        "  [neighbors.add-paths.config]\n    send-max = 8\n    receive = true\n")));
    daemon = gobgp;
    injectFourPaths("10.73.0.0/24");
    speaker.addPeer(
        peerTo(gobgpAddress, gobgp.port)
            .addPath(AddressFamily.IPV4_UNICAST, AddPath.both())
            .build());
    Daemon.await(
        WAIT,
        "the session with GoBGP",
        () -> speaker.peer(IpAddress.parse(gobgpAddress)).state() == PeerState.ESTABLISHED,
        gobgp.daemon());
    for (int i = 1; i <= 4; i++) {
      gobgp.cli(
          "global",
          "rib",
          "add",
          "10.72.0.0/24",
          "nexthop",
          "192.0.2." + (20 + i),
          "med",
          Integer.toString(i),
          "identifier",
          Integer.toString(i),
          "-a",
          "ipv4");
    }

    // GoBGP -> Gingham.
    Daemon.await(
        WAIT,
        "four paths from GoBGP",
        () -> received(gobgpAddress, "10.72.0.0/24").size() == 4,
        gobgp.daemon());
    Set<IpAddress> hops = new HashSet<>();
    received(gobgpAddress, "10.72.0.0/24").forEach(r -> hops.add(r.attributes().nextHop()));
    assertThat(hops).hasSize(4);

    // Gingham -> GoBGP: four paths in its RIB.
    Daemon.await(
        WAIT, "four paths at GoBGP", () -> gobgpPaths(gobgp, "10.73.0.0/24") == 4, gobgp.daemon());
  }

  static int gobgpPaths(Gobgp g, String prefix) {
    try {
      String out = g.cli("global", "rib", "-a", "ipv4", "-j");
      JsonNode paths = JSON.readTree(out.isBlank() ? "{}" : out).get(prefix);
      return paths == null ? 0 : paths.size();
    } catch (Exception e) {
      return -1;
    }
  }
}
