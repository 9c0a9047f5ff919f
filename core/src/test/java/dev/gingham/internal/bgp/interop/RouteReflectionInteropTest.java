package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route reflection (RFC 4456) with Gingham, BIRD and GoBGP in the mixed roles: a Gingham reflector
 * with 20 clients of all three kinds, and a BIRD reflector with Gingham and GoBGP clients. Every
 * client ends with every other client's route, carrying the originator's BGP identifier and the
 * reflector's cluster id, and no client gets its own route back.
 */
class RouteReflectionInteropTest {
  static final long AS = 65_000;
  static final String CLUSTER = "10.255.10.1";
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Exception first = null;
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  static String prefix(int client) {
    return "10.100." + client + ".0/24";
  }

  static String nextHop(int client) {
    return "192.0.2." + client;
  }

  BgpSpeaker gingham(String address, java.util.function.UnaryOperator<BgpSpeaker.Builder> more) {
    BgpSpeaker s =
        more.apply(
                BgpSpeaker.builder()
                    .localAs(AS)
                    .routerId(Ipv4Address.parse(address))
                    .listen(IpAddress.parse(address), 0)
                    .name("rr-" + address))
            .start();
    running.add(s::close);
    return s;
  }

  static PeerConfig.Builder peer(String address, int port, String local) {
    return PeerConfig.builder(IpAddress.parse(address), AS)
        .port(port)
        .localAddress(IpAddress.parse(local))
        .holdTime(Duration.ofSeconds(30))
        .connectRetryTime(Duration.ofSeconds(1));
  }

  static String birdClient(int client, String rr, int rrPort) {
    return "protocol static own { ipv4; route "
        + prefix(client)
        + " blackhole; }\n"
        + "protocol bgp reflector {\n"
        + "  local 127.0.10."
        + client
        + " port %PORT% as "
        + AS
        + ";\n"
        + "  neighbor "
        + rr
        + " port "
        + rrPort
        + " as "
        + AS
        + ";\n"
        + "  hold time 30; connect retry time 1; connect delay time 1;\n"
        + "  ipv4 { import all; export all; next hop address "
        + nextHop(client)
        + "; gateway recursive; igp table master4; };\n"
        + "}\n";
  }

  /** Whether a BIRD holds the routes of {@code clients} as reflected routes, and its own once. */
  static boolean birdHasReflected(Bird bird, int own, List<Integer> clients, String reflectorId) {
    String routes = bird.routes();
    for (int c : clients) {
      String block = BirdInteropTest.block(routes, prefix(c));
      if (c == own) {
        if (block.isEmpty() || block.contains("BGP.originator_id")) {
          return false;
        }
      } else if (!block.contains("BGP.originator_id: 127.0.10." + c)
          || !block.contains("BGP.cluster_list: " + reflectorId)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a gobgpd holds the routes of {@code clients}, reflected, and its own once. */
  static boolean gobgpHasReflected(Gobgp g, int own, List<Integer> clients, String reflectorId) {
    JsonNode rib;
    try {
      String out = g.cli("global", "rib", "-a", "ipv4", "-j");
      rib = JSON.readTree(out.isBlank() ? "{}" : out);
    } catch (Exception e) {
      return false;
    }
    for (int c : clients) {
      JsonNode paths = rib.get(prefix(c));
      if (paths == null || paths.size() != 1) {
        return false;
      }
      String attrs = paths.get(0).get("attrs").toString();
      if (c != own
          && (!attrs.contains("\"type\":9,\"value\":\"127.0.10." + c + "\"")
              || !attrs.contains(reflectorId))) {
        return false;
      }
    }
    return true;
  }

  /** The attributes of gobgpd's one path to {@code prefix} as JSON text, or "" if it has none. */
  static String gobgpAttributes(Gobgp g, String prefix) {
    try {
      String out = g.cli("global", "rib", "-a", "ipv4", "-j");
      JsonNode paths = JSON.readTree(out.isBlank() ? "{}" : out).get(prefix);
      return paths == null || paths.size() != 1 ? "" : paths.get(0).get("attrs").toString();
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void aGinghamReflectorGivesTwentyMixedClientsEachOthersRoutesWithoutLoops() throws Exception {
    String rrAddress = "127.0.10.1";
    BgpSpeaker rr = gingham(rrAddress, b -> b.clusterId(Ipv4Address.parse(CLUSTER)));
    int rrPort = rr.listenAddress().orElseThrow().getPort();
    List<Integer> ginghams = List.of(2, 3, 4, 5, 6, 7, 8);
    List<Integer> birds = List.of(11, 12, 13, 14, 15, 16, 17);
    List<Integer> gobgps = List.of(21, 22, 23, 24, 25, 26);
    List<Integer> all = new ArrayList<>(ginghams);
    all.addAll(birds);
    all.addAll(gobgps);
    assertThat(all).hasSize(20);

    List<BgpSpeaker> clients = new ArrayList<>();
    for (int c : ginghams) {
      String address = "127.0.10." + c;
      BgpSpeaker s = gingham(address, b -> b);
      s.addPeer(peer(rrAddress, rrPort, address).build());
      rr.addPeer(
          peer(address, s.listenAddress().orElseThrow().getPort(), rrAddress)
              .routeReflectorClient(true)
              .build());
      s.announce(
          BgpRoute.of(
              IpPrefix.parse(prefix(c)),
              PathAttributes.builder().nextHop(IpAddress.parse(nextHop(c))).build()));
      clients.add(s);
    }
    List<Bird> birdClients = new ArrayList<>();
    for (int c : birds) {
      Bird b = Bird.start(dir, "127.0.10." + c, birdClient(c, rrAddress, rrPort));
      running.add(b);
      birdClients.add(b);
      rr.addPeer(peer(b.address, b.port, rrAddress).routeReflectorClient(true).build());
    }
    List<Gobgp> gobgpClients = new ArrayList<>();
    for (int c : gobgps) {
      Gobgp g =
          Gobgp.start(dir, "127.0.10." + c, AS, List.of(Gobgp.Neighbour.of(rrAddress, AS, rrPort)));
      running.add(g);
      gobgpClients.add(g);
      rr.addPeer(peer(g.address, g.port, rrAddress).routeReflectorClient(true).build());
    }
    try {
      Daemon.await(
          WAIT,
          "20 established clients",
          () -> rr.peers().stream().filter(p -> p.state() == PeerState.ESTABLISHED).count() == 20,
          birdClients.stream().map(Bird::daemon).toArray(Daemon[]::new));
    } catch (AssertionError e) {
      StringBuilder states = new StringBuilder();
      rr.peers()
          .forEach(
              p ->
                  states
                      .append(p.config().address())
                      .append(' ')
                      .append(p.state())
                      .append(' ')
                      .append(p.lastError())
                      .append('\n'));
      throw new AssertionError(e.getMessage() + "\n" + states, e);
    }
    for (int i = 0; i < gobgps.size(); i++) {
      int c = gobgps.get(i);
      gobgpClients
          .get(i)
          .cli("global", "rib", "add", prefix(c), "nexthop", nextHop(c), "-a", "ipv4");
    }
    Daemon.await(WAIT, "20 prefixes at the reflector", () -> rr.ribSummary().prefixes() == 20);

    for (int i = 0; i < ginghams.size(); i++) {
      int own = ginghams.get(i);
      BgpSpeaker s = clients.get(i);
      Daemon.await(
          WAIT, "20 prefixes at Gingham client " + own, () -> s.ribSummary().prefixes() == 20);
      for (BgpRoute r : s.locRib()) {
        int from = Integer.parseInt(r.prefix().toString().split("\\.")[2]);
        if (from == own) {
          assertThat(r.isLocal()).isTrue();
          assertThat(s.paths(r.prefix())).as("no copy of its own route came back").hasSize(1);
        } else {
          assertThat(r.attributes().originatorId())
              .isEqualTo(Ipv4Address.parse("127.0.10." + from));
          assertThat(r.attributes().clusterList()).containsExactly(Ipv4Address.parse(CLUSTER));
          assertThat(r.attributes().nextHop()).isEqualTo(IpAddress.parse(nextHop(from)));
        }
      }
    }
    for (int i = 0; i < birds.size(); i++) {
      Bird b = birdClients.get(i);
      int own = birds.get(i);
      Daemon.await(
          WAIT,
          "every client's route at BIRD client " + own,
          () -> birdHasReflected(b, own, all, CLUSTER),
          b.daemon());
    }
    for (int i = 0; i < gobgps.size(); i++) {
      Gobgp g = gobgpClients.get(i);
      int own = gobgps.get(i);
      Daemon.await(
          WAIT,
          "every client's route at GoBGP client " + own,
          () -> gobgpHasReflected(g, own, all, CLUSTER),
          g.daemon());
    }
  }

  @Test
  void aBirdReflectorReflectsGinghamAndGobgpClientsAndGinghamDropsItsOwnRoute() throws Exception {
    String rrAddress = "127.0.11.1";
    String ginghamAddress = "127.0.11.2";
    String gobgpAddress = "127.0.11.3";
    String birdCluster = "10.255.11.1";
    BgpSpeaker g = gingham(ginghamAddress, b -> b);
    int gPort = g.listenAddress().orElseThrow().getPort();
    String protocols =
        "protocol static own { ipv4; route 10.110.1.0/24 blackhole; }\n"
            + "protocol bgp gingham {\n"
            + "  local "
            + rrAddress
            + " port %PORT% as "
            + AS
            + ";\n  neighbor "
            + ginghamAddress
            + " port "
            + gPort
            + " as "
            + AS
            + ";\n  rr client; rr cluster id "
            + birdCluster
            + ";\n  hold time 30; connect retry time 1; connect delay time 1;\n"
            + "  ipv4 { import all; export all; next hop address 192.0.2.1; gateway recursive; igp table master4; };\n"
            + "}\n"
            + "protocol bgp gobgp {\n"
            + "  local "
            + rrAddress
            + " port %PORT% as "
            + AS
            + ";\n  neighbor "
            + gobgpAddress
            + " as "
            + AS
            + ";\n  passive on; rr client; rr cluster id "
            + birdCluster
            + ";\n  hold time 30; connect retry time 1; connect delay time 1;\n"
            + "  ipv4 { import all; export all; next hop address 192.0.2.1; gateway recursive; igp table master4; };\n"
            + "}\n";
    Bird rr = Bird.start(dir, rrAddress, protocols);
    running.add(rr);
    g.addPeer(peer(rrAddress, rr.port, ginghamAddress).build());
    g.announce(
        BgpRoute.of(
            IpPrefix.parse("10.110.2.0/24"),
            PathAttributes.builder().nextHop(IpAddress.parse("192.0.2.2")).build()));
    Gobgp gobgp =
        Gobgp.start(dir, gobgpAddress, AS, List.of(Gobgp.Neighbour.of(rrAddress, AS, rr.port)));
    running.add(gobgp);
    Daemon.await(
        WAIT,
        "Gingham's session with the BIRD reflector",
        () -> g.peer(IpAddress.parse(rrAddress)).state() == PeerState.ESTABLISHED,
        rr.daemon());
    Daemon.await(
        WAIT,
        "BIRD's session with GoBGP",
        () -> rr.routes().contains("10.110.2.0/24"),
        rr.daemon());
    gobgp.cli("global", "rib", "add", "10.110.3.0/24", "nexthop", "192.0.2.3", "-a", "ipv4");

    Daemon.await(
        WAIT,
        "GoBGP's route at Gingham, reflected by BIRD",
        () -> g.locRib().stream().anyMatch(r -> r.prefix().toString().equals("10.110.3.0/24")),
        rr.daemon(),
        gobgp.daemon());
    BgpRoute reflected =
        g.locRib().stream()
            .filter(r -> r.prefix().toString().equals("10.110.3.0/24"))
            .findFirst()
            .orElseThrow();
    assertThat(reflected.attributes().originatorId()).isEqualTo(Ipv4Address.parse(gobgpAddress));
    assertThat(reflected.attributes().clusterList())
        .containsExactly(Ipv4Address.parse(birdCluster));
    Daemon.await(
        WAIT,
        "Gingham's route at GoBGP, reflected by BIRD",
        () -> {
          String attrs = gobgpAttributes(gobgp, "10.110.2.0/24");
          return attrs.contains("\"type\":9,\"value\":\"" + ginghamAddress + "\"")
              && attrs.contains(birdCluster);
        },
        gobgp.daemon());
    Set<String> atGingham = new HashSet<>();
    g.locRib().forEach(r -> atGingham.add(r.prefix().toString()));
    assertThat(atGingham).contains("10.110.1.0/24", "10.110.2.0/24", "10.110.3.0/24");
    assertThat(g.paths(IpPrefix.parse("10.110.2.0/24")))
        .as("Gingham's own route is not taken back from the reflector")
        .singleElement()
        .satisfies(r -> assertThat(r.isLocal()).isTrue());
  }
}
