package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.Aggregator;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.AsPathSegment;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2,000-route TABLE_DUMP_V2 file written by Gingham is read by Debian's {@code bgpdump}, which
 * finds the same route set, attribute by attribute; and Gingham reads its own file back unchanged.
 */
class BgpdumpRoundTripTest {
  static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

  @TempDir Path dir;

  /** Three peers (one IPv6), 1,500 IPv4 and 500 IPv6 routes with varied attributes, seeded. */
  static List<PeerTable> tables() {
    Random r = new Random(2026);
    List<PeerIdentity> peers =
        List.of(
            new PeerIdentity(IpAddress.parse("192.0.2.1"), 64_501, Ipv4Address.parse("10.0.0.1")),
            new PeerIdentity(
                IpAddress.parse("192.0.2.2"), 4_200_000_002L, Ipv4Address.parse("10.0.0.2")),
            new PeerIdentity(
                IpAddress.parse("2001:db8::3"), 64_503, Ipv4Address.parse("10.0.0.3")));
    List<List<BgpRoute>> routes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Set<String> seen = new HashSet<>();
    int v4 = 0;
    int v6 = 0;
    while (v4 + v6 < 2000) {
      boolean ipv6 = v6 < 500 && (v4 >= 1500 || r.nextInt(4) == 0);
      IpPrefix prefix =
          ipv6
              ? IpPrefix.ofMasking(
                  Ipv6Address.of(0x2001_0db8_0000_0000L | r.nextInt(1 << 24) << 8, 0),
                  32 + r.nextInt(33))
              : IpPrefix.ofMasking(Ipv4Address.of(r.nextInt()), 8 + r.nextInt(25));
      int peer = r.nextInt(3);
      if (!seen.add(prefix + "@" + peer)) {
        continue;
      }
      if (ipv6) {
        v6++;
      } else {
        v4++;
      }
      PeerIdentity p = peers.get(peer);
      long[] path = new long[1 + r.nextInt(5)];
      path[0] = p.as();
      for (int i = 1; i < path.length; i++) {
        path[i] = r.nextInt(5) == 0 ? 4_200_000_000L + r.nextInt(1000) : 1 + r.nextInt(64_000);
      }
      List<AsPathSegment> segments = new ArrayList<>();
      segments.add(AsPathSegment.sequence(path));
      if (r.nextInt(10) == 0) {
        segments.add(AsPathSegment.of(AsPathSegment.Type.AS_SET, 64_900, 64_901));
      }
      PathAttributes.Builder b =
          PathAttributes.builder()
              .origin(Origin.values()[r.nextInt(3)])
              .asPath(AsPath.of(segments))
              .nextHop(
                  ipv6
                      ? Ipv6Address.of(0x2001_0db8_ffff_0000L, 1 + r.nextInt(100))
                      : Ipv4Address.of(0xC6336400 | r.nextInt(256)));
      if (r.nextBoolean()) {
        b.med(r.nextInt(100_000));
      }
      if (r.nextBoolean()) {
        b.localPref(50 + r.nextInt(200));
      }
      for (int c = r.nextInt(4); c > 0; c--) {
        b.addCommunity(Community.of(64_500 + r.nextInt(10), r.nextInt(65_536)));
      }
      for (int c = r.nextInt(3); c > 0; c--) {
        b.addLargeCommunity(LargeCommunity.of(p.as(), r.nextInt(100), r.nextInt(100)));
      }
      if (r.nextInt(8) == 0) {
        b.atomicAggregate(true).aggregator(new Aggregator(p.as(), Ipv4Address.parse("10.9.9.9")));
      }
      routes.get(peer).add(BgpRoute.learned(prefix, b.build(), p.address(), false));
    }
    List<PeerTable> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<BgpRoute> list = routes.get(i);
      list.sort(Comparator.comparing(BgpRoute::prefix));
      out.add(new PeerTable(peers.get(i), list));
    }
    return out;
  }

  /** A route as {@code bgpdump -m -l} prints it. */
  static String line(PeerIdentity peer, BgpRoute route) {
    PathAttributes a = route.attributes();
    String path =
        a.asPath().segments().stream()
            .map(
                s -> {
                  List<String> asns = new ArrayList<>();
                  for (int i = 0; i < s.size(); i++) {
                    asns.add(Long.toString(s.asn(i)));
                  }
                  return s.type() == AsPathSegment.Type.AS_SET
                      ? "{" + String.join(",", asns) + "}"
                      : String.join(" ", asns);
                })
            .collect(Collectors.joining(" "));
    String communities =
        a.communities().stream()
            .map(c -> (c.value() >>> 16) + ":" + (c.value() & 0xFFFF))
            .collect(Collectors.joining(" "));
    String large =
        a.largeCommunities().stream()
            .map(c -> c.global() + ":" + c.local1() + ":" + c.local2())
            .collect(Collectors.joining(" "));
    String aggregator =
        a.aggregator() == null ? "" : a.aggregator().asn() + " " + a.aggregator().address();
    return String.join(
        "|",
        "TABLE_DUMP2",
        Long.toString(TIME.getEpochSecond()),
        "B",
        peer.address().toString(),
        Long.toString(peer.as()),
        route.prefix().toString(),
        path,
        a.origin().name(),
        a.nextHop().toString(),
        Long.toString(a.hasLocalPref() ? a.localPref() : 0),
        Long.toString(a.med()),
        communities,
        large,
        a.atomicAggregate() ? "AG" : "NAG",
        aggregator,
        "");
  }

  @Test
  void bgpdumpReadsTheSameRoutesAndGinghamReadsItsOwnFileBack() throws Exception {
    Path bgpdump = Prerequisites.require("/usr/bin/bgpdump", "/usr/local/bin/bgpdump");
    List<PeerTable> tables = tables();
    assertThat(tables.stream().mapToInt(t -> t.routes().size()).sum()).isEqualTo(2000);
    assertThat(
            tables.stream()
                .flatMap(t -> t.routes().stream())
                .filter(x -> x.prefix().family() == IpFamily.IPV6)
                .count())
        .isEqualTo(500);
    Path file = dir.resolve("rib.mrt");
    Mrt.writeTableDump(file, Ipv4Address.parse("192.0.2.100"), "gingham", tables, TIME);

    String out =
        Daemon.run(Duration.ofSeconds(60), bgpdump.toString(), "-q", "-m", "-l", file.toString());
    Set<String> theirs = new TreeSet<>(List.of(out.strip().split("\n")));
    Set<String> ours = new TreeSet<>();
    for (PeerTable t : tables) {
      for (BgpRoute r : t.routes()) {
        ours.add(line(t.peer(), r));
      }
    }
    assertThat(theirs).hasSize(2000);
    assertThat(theirs).isEqualTo(ours);

    assertThat(Mrt.readTables(file)).isEqualTo(tables);
  }

  @Test
  void aSpeakersLocRibDumpHasItsInjectedAndOwnRoutesAndBgpdumpReadsIt() throws Exception {
    Path bgpdump = Prerequisites.require("/usr/bin/bgpdump", "/usr/local/bin/bgpdump");
    List<PeerTable> tables = tables();
    try (BgpSpeaker speaker =
        BgpSpeaker.builder()
            .localAs(64_500)
            .routerId(Ipv4Address.parse("192.0.2.100"))
            .name("dump")
            .start()) {
      tables.forEach(speaker::injectTable);
      // Its own routes have no next hop: the dump writes the router id (IPv4) and :: (IPv6).
      speaker.announce(
          BgpRoute.of(IpPrefix.parse("10.99.0.0/24"), PathAttributes.builder().build()));
      speaker.announce(
          BgpRoute.of(IpPrefix.parse("2001:db8:99::/48"), PathAttributes.builder().build()));
      Path file = dir.resolve("locrib.mrt");
      int written = Mrt.writeLocRib(speaker, file);
      Set<IpPrefix> best = new HashSet<>();
      speaker.locRib().forEach(r -> best.add(r.prefix()));
      assertThat(written).isEqualTo(best.size());

      Set<IpPrefix> read = new HashSet<>();
      for (PeerTable t : Mrt.readTables(file)) {
        t.routes().forEach(r -> read.add(r.prefix()));
      }
      assertThat(read).isEqualTo(best);
      String out =
          Daemon.run(Duration.ofSeconds(60), bgpdump.toString(), "-q", "-m", file.toString());
      Set<String> theirs = new HashSet<>();
      for (String line : out.strip().split("\n")) {
        theirs.add(line.split("\\|")[5]);
      }
      assertThat(theirs).hasSize(best.size());
      assertThat(out)
          .contains("|10.99.0.0/24||IGP|192.0.2.100|")
          .contains("|2001:db8:99::/48||IGP|::|");
    }
  }
}
