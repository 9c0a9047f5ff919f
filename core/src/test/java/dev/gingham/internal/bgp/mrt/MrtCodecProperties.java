package dev.gingham.internal.bgp.mrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.MrtFormatException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.internal.bgp.wire.BgpArbitraries;
import dev.gingham.internal.bgp.wire.PrefixBatch;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The MRT codec (RFC 6396): records and whole tables round-trip through the writer and the reader,
 * compressed or not, and garbage, truncation and mutation end in an {@link MrtFormatException} that
 * names the record, never in another exception.
 */
class MrtCodecProperties {

  static Arbitrary<IpAddress> address() {
    return Arbitraries.oneOf(
        BgpArbitraries.unicastV4().map(a -> (IpAddress) a),
        BgpArbitraries.ipv6().map(a -> (IpAddress) a));
  }

  static Arbitrary<PeerIdentity> peer() {
    return Combinators.combine(
            address(), Arbitraries.longs().between(1, 0xFFFF_FFFFL), BgpArbitraries.unicastV4())
        .as(PeerIdentity::new);
  }

  /** Attributes for a prefix of {@code family}, with a next hop of that family. */
  static Arbitrary<PathAttributes> attributes(IpFamily family) {
    Arbitrary<PathAttributes> base = BgpArbitraries.attributes(true, true);
    return family == IpFamily.IPV4
        ? base
        : Combinators.combine(base, BgpArbitraries.ipv6())
            .as((a, nh) -> a.toBuilder().nextHop(nh).build());
  }

  @Provide
  Arbitrary<MrtRecord.PeerIndexTable> peerIndexTables() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 0xFFFF_FFFFL),
            BgpArbitraries.unicastV4(),
            Arbitraries.strings().ofMaxLength(20),
            peer().list().ofMinSize(1).ofMaxSize(10))
        .as(MrtRecord.PeerIndexTable::new);
  }

  /**
   * A RIB record of either family whose entries name peers 0..peers-1, with attributes drawn from
   * small pools (decoding them is what costs, and a dump shares them anyway).
   */
  static Arbitrary<MrtRecord.Rib> rib(
      int peers, List<PathAttributes> v4Pool, List<PathAttributes> v6Pool) {
    return Arbitraries.of(IpFamily.IPV4, IpFamily.IPV6)
        .flatMap(
            family -> {
              Arbitrary<IpPrefix> prefix =
                  family == IpFamily.IPV4
                      ? BgpArbitraries.ipv4Prefix()
                      : BgpArbitraries.ipv6Prefix();
              List<PathAttributes> pool = family == IpFamily.IPV4 ? v4Pool : v6Pool;
              return Combinators.combine(
                      Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                      Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                      prefix,
                      Arbitraries.of(true, false),
                      Combinators.combine(
                              Arbitraries.integers().between(0, peers - 1),
                              Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                              Arbitraries.integers(),
                              Arbitraries.of(pool))
                          .as((p, t, id, a) -> new Object[] {p, t, id, a})
                          .list()
                          .ofMaxSize(6))
                  .as(
                      (ts, seq, pfx, addPath, raw) -> {
                        List<MrtRecord.RibEntry> entries = new ArrayList<>();
                        for (Object[] e : raw) {
                          entries.add(
                              new MrtRecord.RibEntry(
                                  (Integer) e[0],
                                  (Long) e[1],
                                  addPath ? (Integer) e[2] : 0,
                                  (PathAttributes) e[3]));
                        }
                        return new MrtRecord.Rib(ts, seq, pfx, addPath, entries);
                      });
            });
  }

  @Provide
  Arbitrary<List<MrtRecord>> dumps() {
    return Combinators.combine(
            peerIndexTables(),
            attributes(IpFamily.IPV4).list().ofMinSize(1).ofMaxSize(3),
            attributes(IpFamily.IPV6).list().ofMinSize(1).ofMaxSize(3))
        .flatAs(
            (index, v4, v6) ->
                rib(index.peers().size(), v4, v6)
                    .list()
                    .ofMaxSize(12)
                    .map(
                        ribs -> {
                          List<MrtRecord> all = new ArrayList<>();
                          all.add(index);
                          all.addAll(ribs);
                          return all;
                        }));
  }

  @Provide
  Arbitrary<List<MrtRecord>> updateStreams() {
    Arbitrary<MrtRecord> message =
        Combinators.combine(
                Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 0xFFFF),
                BgpArbitraries.unicastV4(),
                BgpArbitraries.attributes(true, false),
                BgpArbitraries.ipv4Prefix().list().ofMinSize(1).ofMaxSize(50))
            .as(
                (ts, as4, as, addr, attrs, prefixes) ->
                    new MrtRecord.Bgp4mpMessage(
                        ts,
                        as4 ? MrtType.MESSAGE_AS4 : MrtType.MESSAGE,
                        as,
                        64_512,
                        0,
                        addr,
                        Ipv4Address.parse("192.0.2.254"),
                        update(as4, attrs, prefixes)));
    Arbitrary<MrtRecord> change =
        Combinators.combine(
                Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 0xFFFF),
                address(),
                Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 6))
            .as(
                (ts, as4, as, addr, from, to) ->
                    new MrtRecord.Bgp4mpStateChange(
                        ts,
                        as4,
                        as,
                        64_512,
                        3,
                        addr,
                        addr.family() == IpFamily.IPV4
                            ? Ipv4Address.parse("192.0.2.254")
                            : IpAddress.parse("2001:db8::fe"),
                        from,
                        to));
    return Arbitraries.oneOf(message, change).list().ofMaxSize(15);
  }

  /** One UPDATE announcing {@code prefixes}, as a session of that AS size would send it. */
  static byte[] update(boolean as4, PathAttributes attrs, List<IpPrefix> prefixes) {
    SessionCodec session =
        new SessionCodec(
            as4, false, Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    PrefixBatch batch = new PrefixBatch();
    prefixes.forEach(batch::add);
    ByteBuf buf = Unpooled.buffer();
    new UpdateEncoder(session).writeAnnouncements(buf, AddressFamily.IPV4_UNICAST, attrs, batch, 0);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  static byte[] write(List<MrtRecord> records, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MrtWriter w = new MrtWriter(gzip ? new GZIPOutputStream(bytes) : bytes)) {
      for (MrtRecord r : records) {
        w.write(r);
      }
    }
    return bytes.toByteArray();
  }

  static List<MrtRecord> read(byte[] file) throws IOException {
    List<MrtRecord> out = new ArrayList<>();
    try (MrtReader r = MrtReader.open(new ByteArrayInputStream(file), UnaryOperator.identity())) {
      for (MrtRecord rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
    }
    return out;
  }

  @Property(tries = 200)
  void tableDumpRecordsRoundTrip(@ForAll("dumps") List<MrtRecord> records, @ForAll boolean gzip)
      throws IOException {
    assertThat(read(write(records, gzip))).isEqualTo(records);
  }

  @Property(tries = 200)
  void bgp4mpRecordsRoundTrip(@ForAll("updateStreams") List<MrtRecord> records) throws IOException {
    assertThat(read(write(records, false))).isEqualTo(records);
  }

  @Provide
  Arbitrary<List<PeerTable>> tables() {
    return peer()
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .uniqueElements(p -> p.address().toString() + "/" + p.as())
        .flatMap(
            peers ->
                Combinators.combine(
                        peers.stream()
                            .map(
                                p ->
                                    Combinators.combine(
                                            BgpArbitraries.ipv4Prefix(), attributes(IpFamily.IPV4))
                                        .as(
                                            (pfx, a) ->
                                                BgpRoute.learned(pfx, a, p.address(), false))
                                        .list()
                                        .ofMaxSize(30)
                                        .uniqueElements(BgpRoute::prefix))
                            .toList())
                    .as(
                        lists -> {
                          List<PeerTable> out = new ArrayList<>();
                          for (int i = 0; i < peers.size(); i++) {
                            List<BgpRoute> routes = new ArrayList<>(lists.get(i));
                            routes.sort(Comparator.comparing(BgpRoute::prefix));
                            out.add(new PeerTable(peers.get(i), routes));
                          }
                          return out;
                        }));
  }

  @Property(tries = 200)
  void tablesRoundTripThroughADump(@ForAll("tables") List<PeerTable> tables) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MrtWriter w = new MrtWriter(bytes)) {
      MrtTables.write(w, 1_700_000_000L, Ipv4Address.parse("192.0.2.9"), "view", tables);
    }
    List<PeerTable> back;
    try (MrtReader r =
        MrtReader.open(new ByteArrayInputStream(bytes.toByteArray()), UnaryOperator.identity())) {
      back = MrtTables.read(r);
    }
    assertThat(back).isEqualTo(tables);
  }

  /** UPDATEs replay into the peer's table; leaving Established empties it. */
  @Property(tries = 100)
  void updateStreamsReplayAsTheSpeakerWould(@ForAll("updateStreams") List<MrtRecord> records)
      throws IOException {
    Map<String, Map<IpPrefix, PathAttributes>> expected = new LinkedHashMap<>();
    for (MrtRecord r : records) {
      if (r instanceof MrtRecord.Bgp4mpMessage) {
        MrtRecord.Bgp4mpMessage m = (MrtRecord.Bgp4mpMessage) r;
        List<BgpRoute> routes = replayOne(m);
        Map<IpPrefix, PathAttributes> t =
            expected.computeIfAbsent(
                m.peerAddress() + "/" + m.peerAs(), k -> new LinkedHashMap<>());
        routes.forEach(x -> t.put(x.prefix(), x.attributes()));
      } else {
        MrtRecord.Bgp4mpStateChange c = (MrtRecord.Bgp4mpStateChange) r;
        Map<IpPrefix, PathAttributes> t = expected.get(c.peerAddress() + "/" + c.peerAs());
        if (t != null && c.oldState() == 6 && c.newState() != 6) {
          t.clear();
        }
      }
    }
    List<PeerTable> tables;
    try (MrtReader r =
        MrtReader.open(new ByteArrayInputStream(write(records, false)), UnaryOperator.identity())) {
      tables = MrtTables.read(r);
    }
    Map<String, Map<IpPrefix, PathAttributes>> actual = new LinkedHashMap<>();
    for (PeerTable t : tables) {
      Map<IpPrefix, PathAttributes> m = new LinkedHashMap<>();
      t.routes().forEach(x -> m.put(x.prefix(), x.attributes()));
      actual.put(t.peer().address() + "/" + t.peer().as(), m);
    }
    assertThat(actual).isEqualTo(expected);
  }

  private static List<BgpRoute> replayOne(MrtRecord.Bgp4mpMessage m) throws IOException {
    try (MrtReader r =
        MrtReader.open(
            new ByteArrayInputStream(write(List.of(m), false)), UnaryOperator.identity())) {
      return MrtTables.read(r).get(0).routes();
    }
  }

  /** Random bytes: an MrtFormatException naming the record, or records, never anything else. */
  @Property(tries = 3000)
  void garbageEndsInAnMrtFormatException(@ForAll @Size(max = 400) byte[] file) {
    readSafely(file);
  }

  /** Valid files with bytes changed: the same guarantee, nearer the parser's edges. */
  @Property(tries = 600)
  void mutatedFilesEndInAnMrtFormatException(
      @ForAll("dumps") List<MrtRecord> records,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1_000_000) Integer> at,
      @ForAll @Size(min = 4, max = 4) List<Byte> values)
      throws IOException {
    byte[] file = write(records, false);
    for (int i = 0; i < at.size(); i++) {
      file[at.get(i) % file.length] = values.get(i);
    }
    readSafely(file);
  }

  /** A file cut anywhere but between records is reported as cut short, with the offset. */
  @Property(tries = 200)
  void truncatedFilesAreReportedAsCutShort(
      @ForAll("dumps") List<MrtRecord> records, @ForAll @IntRange(min = 1) int cut)
      throws IOException {
    byte[] file = write(records, false);
    int length = cut % file.length;
    byte[] truncated = Arrays.copyOf(file, length);
    List<Integer> boundaries = new ArrayList<>();
    int at = 0;
    for (MrtRecord r : records) {
      boundaries.add(at);
      at += write(List.of(r), false).length;
    }
    if (boundaries.contains(length)) {
      assertThat(read(truncated)).hasSize(boundaries.indexOf(length));
    } else {
      assertThatThrownBy(() -> read(truncated))
          .isInstanceOf(MrtFormatException.class)
          .hasMessageContaining("cut short")
          .hasMessageContaining("at byte");
    }
  }

  @Property(tries = 1)
  void aRibRecordBeforeThePeerIndexTableIsNamed() throws IOException {
    MrtRecord.Rib rib =
        new MrtRecord.Rib(
            0,
            0,
            IpPrefix.parse("10.0.0.0/8"),
            false,
            List.of(
                new MrtRecord.RibEntry(
                    0,
                    0,
                    0,
                    PathAttributes.builder().nextHop(Ipv4Address.parse("192.0.2.1")).build())));
    byte[] file = write(List.of(rib), false);
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(MrtFormatException.class)
        .hasMessage(
            "MRT record #1 at byte 0 (TABLE_DUMP_V2/RIB_IPV4_UNICAST): a RIB record comes before"
                + " any PEER_INDEX_TABLE");
  }

  @Property(tries = 1)
  void aPeerIndexBeyondTheTableIsNamed() throws IOException {
    MrtRecord.PeerIndexTable index =
        new MrtRecord.PeerIndexTable(
            0,
            Ipv4Address.parse("192.0.2.9"),
            "",
            List.of(new PeerIdentity(IpAddress.parse("192.0.2.1"), 65001, Ipv4Address.of(1))));
    MrtRecord.Rib rib =
        new MrtRecord.Rib(
            0,
            0,
            IpPrefix.parse("10.0.0.0/8"),
            false,
            List.of(
                new MrtRecord.RibEntry(
                    3,
                    0,
                    0,
                    PathAttributes.builder().nextHop(Ipv4Address.parse("192.0.2.1")).build())));
    byte[] file = write(List.of(index, rib), false);
    assertThatThrownBy(() -> read(file))
        .isInstanceOf(MrtFormatException.class)
        .hasMessageContaining("MRT record #2")
        .hasMessageContaining("names peer index 3, but the peer index table has 1 peers");
  }

  static void readSafely(byte[] file) {
    try {
      read(file);
    } catch (MrtFormatException e) {
      assertThat(e.getMessage()).startsWith("MRT record #");
    } catch (IOException e) {
      // A corrupted gzip stream: the reader's input failed, which is reported as such.
      assertThat(e).isInstanceOf(java.util.zip.ZipException.class);
    }
  }
}
