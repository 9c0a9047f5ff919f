package dev.gingham.internal.bgp.mrt;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.MrtFormatException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.MessageFramer;
import dev.gingham.internal.bgp.wire.NotificationException;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateDecoder;
import dev.gingham.internal.bgp.wire.UpdateHandler;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns MRT records into the table each peer holds, and tables into a TABLE_DUMP_V2 dump.
 *
 * <p>Reading: RIB records add their entries to the tables of the peers they name; BGP4MP messages a
 * peer sent replay its UPDATEs (decoded as the speaker decodes them, RFC 7606 included: a message
 * treated as a withdrawal withdraws), its OPEN gives its BGP identifier, and a STATE_CHANGE out of
 * Established empties its table, as a session that drops would. A peer is its address and AS, so a
 * dump followed by updates of the same peer gives one table. Stateless; thread-safe.
 */
public final class MrtTables {
  private static final Logger LOG = LoggerFactory.getLogger(MrtTables.class);
  private static final Comparator<BgpRoute> ORDER =
      Comparator.comparing(BgpRoute::prefix).thenComparingInt(BgpRoute::pathId);

  private MrtTables() {}

  /**
   * Reads every record and returns each peer's table, in the order peers first appear.
   *
   * @throws MrtFormatException for a malformed record, naming it
   * @throws IOException if the stream fails
   */
  public static List<PeerTable> read(MrtReader reader) throws IOException {
    Map<PeerKey, Table> tables = new LinkedHashMap<>();
    Map<PathAttributes, PathAttributes> interned = new HashMap<>();
    UnaryOperator<PathAttributes> interner = a -> interned.computeIfAbsent(a, k -> k);
    List<Table> byIndex = List.of();
    long malformed = 0;
    for (MrtRecord r = reader.next(); r != null; r = reader.next()) {
      if (r instanceof MrtRecord.PeerIndexTable) {
        List<Table> indexed = new ArrayList<>();
        for (PeerIdentity p : ((MrtRecord.PeerIndexTable) r).peers()) {
          Table t = tables.computeIfAbsent(new PeerKey(p.address(), p.as()), k -> new Table(p));
          if (t.identity.routerId().toInt() == 0) {
            t.identity = p;
          }
          indexed.add(t);
        }
        byIndex = indexed;
      } else if (r instanceof MrtRecord.Rib) {
        MrtRecord.Rib rib = (MrtRecord.Rib) r;
        for (MrtRecord.RibEntry e : rib.entries()) {
          Table t = byIndex.get(e.peerIndex());
          t.put(
              rib.prefix(),
              e.pathId(),
              BgpRoute.learned(
                  rib.prefix(), e.attributes(), t.identity.address(), false, e.pathId()));
        }
      } else if (r instanceof MrtRecord.Bgp4mpMessage) {
        MrtRecord.Bgp4mpMessage m = (MrtRecord.Bgp4mpMessage) r;
        if (!m.local()) {
          Table t =
              tables.computeIfAbsent(
                  new PeerKey(m.peerAddress(), m.peerAs()),
                  k -> new Table(new PeerIdentity(m.peerAddress(), m.peerAs(), Ipv4Address.of(0))));
          malformed += t.apply(m, interner, reader);
        }
      } else if (r instanceof MrtRecord.Bgp4mpStateChange) {
        MrtRecord.Bgp4mpStateChange c = (MrtRecord.Bgp4mpStateChange) r;
        Table t = tables.get(new PeerKey(c.peerAddress(), c.peerAs()));
        if (t != null
            && c.oldState() == MrtType.STATE_ESTABLISHED
            && c.newState() != MrtType.STATE_ESTABLISHED) {
          t.routes.clear();
        }
      }
    }
    if (malformed > 0) {
      LOG.warn("{} UPDATEs in the MRT file were treated as withdrawals (RFC 7606)", malformed);
    }
    List<PeerTable> out = new ArrayList<>(tables.size());
    for (Table t : tables.values()) {
      List<BgpRoute> routes = new ArrayList<>(t.routes.values());
      routes.sort(ORDER);
      out.add(new PeerTable(t.identity, routes));
    }
    return out;
  }

  /**
   * Writes a TABLE_DUMP_V2 dump of the tables: a peer index table of their peers, then one RIB
   * record per prefix, in prefix order, with an entry per peer (or per path) that has a route to
   * it. A prefix whose routes carry path identifiers, or that one peer has several paths to, is
   * written as an ADD-PATH record (RFC 8050).
   *
   * @param timestamp the dump's time and every route's originated time, seconds since the epoch
   * @throws IllegalArgumentException if a value does not fit its field (see {@link MrtWriter})
   */
  public static void write(
      MrtWriter writer,
      long timestamp,
      Ipv4Address collectorId,
      String viewName,
      List<PeerTable> tables)
      throws IOException {
    List<PeerIdentity> peers = new ArrayList<>();
    Map<PeerIdentity, Integer> indexOf = new HashMap<>();
    int total = 0;
    for (PeerTable t : tables) {
      indexOf.computeIfAbsent(
          t.peer(),
          p -> {
            peers.add(p);
            return peers.size() - 1;
          });
      total += t.routes().size();
    }
    writer.write(new MrtRecord.PeerIndexTable(timestamp, collectorId, viewName, peers));
    BgpRoute[] routes = new BgpRoute[total];
    int[] peerIndex = new int[total];
    Integer[] order = new Integer[total];
    int n = 0;
    for (PeerTable t : tables) {
      int index = indexOf.get(t.peer());
      for (BgpRoute r : t.routes()) {
        routes[n] = r;
        peerIndex[n] = index;
        order[n] = n;
        n++;
      }
    }
    Comparator<Integer> byPrefix =
        Comparator.comparing((Integer i) -> routes[i].prefix())
            .thenComparingInt(i -> peerIndex[i])
            .thenComparingInt(i -> routes[i].pathId());
    boolean sorted = true;
    for (int i = 1; i < total && sorted; i++) {
      sorted = byPrefix.compare(order[i - 1], order[i]) <= 0;
    }
    if (!sorted) {
      Arrays.sort(order, byPrefix);
    }
    long sequence = 0;
    List<MrtRecord.RibEntry> entries = new ArrayList<>();
    for (int from = 0; from < total; ) {
      IpPrefix prefix = routes[order[from]].prefix();
      int to = from;
      boolean addPath = false;
      entries.clear();
      while (to < total && routes[order[to]].prefix().equals(prefix)) {
        int i = order[to];
        addPath |=
            routes[i].pathId() != 0 || (to > from && peerIndex[order[to - 1]] == peerIndex[i]);
        entries.add(
            new MrtRecord.RibEntry(
                peerIndex[i], timestamp, routes[i].pathId(), routes[i].attributes()));
        to++;
      }
      writer.write(new MrtRecord.Rib(timestamp, sequence++, prefix, addPath, entries));
      from = to;
    }
  }

  /** A peer as MRT names it: its address and AS. */
  private record PeerKey(IpAddress address, long as) {}

  /** A route's place in a table: its prefix and path identifier. */
  private record RouteKey(IpPrefix prefix, int pathId) {}

  /** One peer's table while the file is read. */
  private static final class Table implements UpdateHandler {
    PeerIdentity identity;
    final Map<Object, BgpRoute> routes = new LinkedHashMap<>();
    private final Map<Integer, UpdateDecoder> decoders = new HashMap<>();
    private long malformed;

    Table(PeerIdentity identity) {
      this.identity = identity;
    }

    void put(IpPrefix prefix, int pathId, BgpRoute route) {
      routes.put(key(prefix, pathId), route);
    }

    private static Object key(IpPrefix prefix, int pathId) {
      return pathId == 0 ? prefix : new RouteKey(prefix, pathId);
    }

    /** Applies one message the peer sent; returns 1 if it was treated as a withdrawal. */
    long apply(
        MrtRecord.Bgp4mpMessage m, UnaryOperator<PathAttributes> interner, MrtReader reader) {
      ByteBuf buf = Unpooled.wrappedBuffer(m.message());
      int length;
      try {
        length = MessageFramer.frameLength(buf, BgpWire.MAX_EXTENDED_MESSAGE_LENGTH);
      } catch (NotificationException e) {
        throw bad(reader, m, e.getMessage());
      }
      int type = buf.getUnsignedByte(BgpWire.TYPE_OFFSET);
      if (type == BgpWire.TYPE_OPEN && length >= BgpWire.HEADER_LENGTH + 9) {
        Ipv4Address id = Ipv4Address.of(buf.getInt(BgpWire.HEADER_LENGTH + 5));
        identity = new PeerIdentity(identity.address(), identity.as(), id);
        return 0;
      }
      if (type != BgpWire.TYPE_UPDATE) {
        return 0;
      }
      boolean internal = m.peerAs() == m.localAs();
      int key = (m.as4() ? 1 : 0) | (m.addPath() ? 2 : 0) | (internal ? 4 : 0);
      UpdateDecoder decoder =
          decoders.computeIfAbsent(
              key,
              k -> {
                Set<AddressFamily> both = EnumSet.allOf(AddressFamily.class);
                SessionCodec codec =
                    new SessionCodec(
                        m.as4(),
                        internal,
                        both,
                        BgpWire.MAX_EXTENDED_MESSAGE_LENGTH,
                        m.addPath() ? both : Set.of(),
                        Set.of());
                return new UpdateDecoder(codec, interner, 1 << 12);
              });
      long before = malformed;
      try {
        decoder.decode(buf, BgpWire.HEADER_LENGTH, length - BgpWire.HEADER_LENGTH, this);
      } catch (NotificationException e) {
        throw bad(reader, m, "an UPDATE a session would reset on: " + e.getMessage());
      }
      return malformed > before ? 1 : 0;
    }

    private static MrtFormatException bad(
        MrtReader reader, MrtRecord.Bgp4mpMessage m, String message) {
      return new MrtFormatException("MRT record #" + reader.records() + " (" + m + "): " + message);
    }

    @Override
    public void withdrawIpv4(int pathId, int address, int length) {
      routes.remove(key(IpPrefix.of(Ipv4Address.of(address), length), pathId));
    }

    @Override
    public void withdrawIpv6(int pathId, long high, long low, int length) {
      routes.remove(key(IpPrefix.of(Ipv6Address.of(high, low), length), pathId));
    }

    @Override
    public void announceIpv4(int pathId, int address, int length, PathAttributes attributes) {
      announce(IpPrefix.of(Ipv4Address.of(address), length), pathId, attributes);
    }

    @Override
    public void announceIpv6(
        int pathId, long high, long low, int length, PathAttributes attributes) {
      announce(IpPrefix.of(Ipv6Address.of(high, low), length), pathId, attributes);
    }

    private void announce(IpPrefix prefix, int pathId, PathAttributes attributes) {
      routes.put(
          key(prefix, pathId),
          BgpRoute.learned(prefix, attributes, identity.address(), false, pathId));
    }

    @Override
    public void endOfRib(AddressFamily family) {}

    @Override
    public void malformed(String reason) {
      malformed++;
    }
  }

  /** The sum of the routes of the tables. */
  public static int routeCount(List<PeerTable> tables) {
    int n = 0;
    for (PeerTable t : Objects.requireNonNull(tables, "tables")) {
      n += t.routes().size();
    }
    return n;
  }
}
