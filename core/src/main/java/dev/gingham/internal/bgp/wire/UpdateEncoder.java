package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.Aggregator;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.UnknownAttribute;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Writes UPDATE messages for one session: announcements of one attribute set, withdrawals, and
 * End-of-RIB markers, packing as many prefixes into each message as the session allows (4096 bytes,
 * or 65535 with extended messages), each with its path identifier on a family that sends them (RFC
 * 7911).
 *
 * <p>Attributes are written in type order. On a 2-octet session an AS above 65535 becomes AS_TRANS
 * and AS4_PATH / AS4_AGGREGATOR carry the real values (RFC 6793 section 4.2.2). IPv4 routes carry
 * NEXT_HOP; IPv6 routes carry MP_REACH_NLRI. Stateless apart from the session; thread-safe.
 */
public final class UpdateEncoder {
  private final SessionCodec session;

  /** An encoder for one session. */
  public UpdateEncoder(SessionCodec session) {
    this.session = session;
  }

  /**
   * Writes as many announcements from {@code prefixes[from..]} as fit in one message and returns
   * the index of the first prefix not written. The attributes must carry a next hop of the family's
   * IP family.
   *
   * @throws IllegalArgumentException if the attributes alone do not fit in a message, or the next
   *     hop is missing or of the wrong family
   */
  public int writeAnnouncements(
      ByteBuf out, AddressFamily family, PathAttributes attrs, PrefixBatch prefixes, int from) {
    IpAddress nextHop = attrs.nextHop();
    if (nextHop == null || nextHop.family() != family.ipFamily()) {
      throw new IllegalArgumentException(
          "a "
              + family
              + " announcement needs a "
              + family.ipFamily()
              + " next hop, had "
              + nextHop);
    }
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_UPDATE);
    out.writeShort(0);
    int attrLenAt = out.writerIndex();
    out.writeShort(0);
    boolean v4 = family == AddressFamily.IPV4_UNICAST;
    writeAttributes(out, attrs, v4);
    int limit = start + session.maxMessageLength();
    boolean pathIds = session.sendsPathIds(family);
    int i = from;
    if (v4) {
      out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
      i = writePrefixes(out, prefixes, from, limit, pathIds);
    } else {
      out.writeByte(AttributeType.FLAG_OPTIONAL | AttributeType.FLAG_EXTENDED)
          .writeByte(AttributeType.MP_REACH);
      int mpLenAt = out.writerIndex();
      out.writeShort(0).writeShort(family.afi()).writeByte(family.safi());
      byte[] nh = nextHop.toBytes();
      out.writeByte(nh.length).writeBytes(nh).writeByte(0);
      i = writePrefixes(out, prefixes, from, limit, pathIds);
      out.setShort(mpLenAt, out.writerIndex() - mpLenAt - 2);
      out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
    }
    if (i == from) {
      out.writerIndex(start);
      throw new IllegalArgumentException("the attributes leave no room for a prefix: " + attrs);
    }
    BgpWire.finishMessage(out, start, session.maxMessageLength());
    return i;
  }

  /**
   * Writes as many withdrawals from {@code prefixes[from..]} as fit in one message and returns the
   * index of the first prefix not written.
   */
  public int writeWithdrawals(ByteBuf out, AddressFamily family, PrefixBatch prefixes, int from) {
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_UPDATE);
    int limit = start + session.maxMessageLength();
    boolean pathIds = session.sendsPathIds(family);
    int i;
    if (family == AddressFamily.IPV4_UNICAST) {
      int wLenAt = out.writerIndex();
      out.writeShort(0);
      i = writePrefixes(out, prefixes, from, limit - 2, pathIds);
      out.setShort(wLenAt, out.writerIndex() - wLenAt - 2);
      out.writeShort(0);
    } else {
      out.writeShort(0);
      int attrLenAt = out.writerIndex();
      out.writeShort(0);
      out.writeByte(AttributeType.FLAG_OPTIONAL | AttributeType.FLAG_EXTENDED)
          .writeByte(AttributeType.MP_UNREACH);
      int mpLenAt = out.writerIndex();
      out.writeShort(0).writeShort(family.afi()).writeByte(family.safi());
      i = writePrefixes(out, prefixes, from, limit, pathIds);
      out.setShort(mpLenAt, out.writerIndex() - mpLenAt - 2);
      out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
    }
    BgpWire.finishMessage(out, start, session.maxMessageLength());
    return i;
  }

  /** Writes the End-of-RIB marker of a family (RFC 4724 section 2). */
  public void writeEndOfRib(ByteBuf out, AddressFamily family) {
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_UPDATE);
    out.writeShort(0);
    if (family == AddressFamily.IPV4_UNICAST) {
      out.writeShort(0);
    } else {
      out.writeShort(6);
      out.writeByte(AttributeType.FLAG_OPTIONAL).writeByte(AttributeType.MP_UNREACH).writeByte(3);
      out.writeShort(family.afi()).writeByte(family.safi());
    }
    BgpWire.finishMessage(out, start);
  }

  private static int writePrefixes(
      ByteBuf out, PrefixBatch prefixes, int from, int limit, boolean pathIds) {
    int i = from;
    int idBytes = pathIds ? 4 : 0;
    for (; i < prefixes.size(); i++) {
      int len = prefixes.length(i);
      if (out.writerIndex() + idBytes + 1 + BgpWire.prefixBytes(len) > limit) {
        break;
      }
      if (pathIds) {
        out.writeInt(prefixes.pathId(i));
      }
      if (len <= 32 && prefixes.low(i) == 0 && prefixes.high(i) >>> 32 == 0) {
        BgpWire.writeIpv4Prefix(out, (int) prefixes.high(i), len);
      } else {
        BgpWire.writeIpv6Prefix(out, prefixes.high(i), prefixes.low(i), len);
      }
    }
    return i;
  }

  /** Writes every attribute but MP_REACH_NLRI; NEXT_HOP only if {@code withNextHop}. */
  void writeAttributes(ByteBuf out, PathAttributes a, boolean withNextHop) {
    int asSize = session.asSize();
    out.writeByte(AttributeType.WELL_KNOWN).writeByte(AttributeType.ORIGIN).writeByte(1);
    out.writeByte(a.origin().code());
    int pathLength = AsPathCodec.encodedLength(a.asPath(), asSize);
    writeHeader(out, AttributeType.WELL_KNOWN, AttributeType.AS_PATH, pathLength);
    AsPathCodec.encode(out, a.asPath(), asSize);
    if (withNextHop) {
      out.writeByte(AttributeType.WELL_KNOWN).writeByte(AttributeType.NEXT_HOP).writeByte(4);
      out.writeInt(((Ipv4Address) a.nextHop()).toInt());
    }
    if (a.hasMed()) {
      out.writeByte(AttributeType.FLAG_OPTIONAL).writeByte(AttributeType.MED).writeByte(4);
      out.writeInt((int) a.med());
    }
    if (a.hasLocalPref()) {
      out.writeByte(AttributeType.WELL_KNOWN).writeByte(AttributeType.LOCAL_PREF).writeByte(4);
      out.writeInt((int) a.localPref());
    }
    if (a.atomicAggregate()) {
      out.writeByte(AttributeType.WELL_KNOWN).writeByte(AttributeType.ATOMIC_AGGREGATE);
      out.writeByte(0);
    }
    Aggregator agg = a.aggregator();
    if (agg != null) {
      out.writeByte(AttributeType.OPTIONAL_TRANSITIVE).writeByte(AttributeType.AGGREGATOR);
      out.writeByte(asSize + 4);
      if (asSize == 4) {
        out.writeInt((int) agg.asn());
      } else {
        out.writeShort(agg.asn() > 0xFFFF ? BgpWire.AS_TRANS : (int) agg.asn());
      }
      out.writeInt(agg.address().toInt());
    }
    List<Community> communities = a.communities();
    if (!communities.isEmpty()) {
      writeHeader(
          out,
          AttributeType.OPTIONAL_TRANSITIVE,
          AttributeType.COMMUNITIES,
          communities.size() * 4);
      for (Community c : communities) {
        out.writeInt(c.value());
      }
    }
    if (a.originatorId() != null) {
      out.writeByte(AttributeType.FLAG_OPTIONAL).writeByte(AttributeType.ORIGINATOR_ID);
      out.writeByte(4).writeInt(a.originatorId().toInt());
    }
    if (!a.clusterList().isEmpty()) {
      writeHeader(
          out, AttributeType.FLAG_OPTIONAL, AttributeType.CLUSTER_LIST, a.clusterList().size() * 4);
      for (Ipv4Address id : a.clusterList()) {
        out.writeInt(id.toInt());
      }
    }
    if (asSize == 2 && AsPathCodec.needsAs4Path(a.asPath())) {
      writeHeader(
          out,
          AttributeType.OPTIONAL_TRANSITIVE,
          AttributeType.AS4_PATH,
          AsPathCodec.encodedLength(a.asPath(), 4));
      AsPathCodec.encode(out, a.asPath(), 4);
    }
    if (asSize == 2 && agg != null && agg.asn() > 0xFFFF) {
      out.writeByte(AttributeType.OPTIONAL_TRANSITIVE).writeByte(AttributeType.AS4_AGGREGATOR);
      out.writeByte(8).writeInt((int) agg.asn()).writeInt(agg.address().toInt());
    }
    List<LargeCommunity> large = a.largeCommunities();
    if (!large.isEmpty()) {
      writeHeader(
          out,
          AttributeType.OPTIONAL_TRANSITIVE,
          AttributeType.LARGE_COMMUNITIES,
          large.size() * 12);
      for (LargeCommunity c : large) {
        out.writeInt((int) c.global()).writeInt((int) c.local1()).writeInt((int) c.local2());
      }
    }
    for (UnknownAttribute u : a.unknown()) {
      if (u.isOptionalTransitive()) {
        writeHeader(out, u.flags() | AttributeType.FLAG_PARTIAL, u.type(), u.length());
        out.writeBytes(u.value());
      }
    }
  }

  private static void writeHeader(ByteBuf out, int flags, int type, int length) {
    if (length > 255) {
      out.writeByte(flags | AttributeType.FLAG_EXTENDED).writeByte(type).writeShort(length);
    } else {
      out.writeByte(flags & ~AttributeType.FLAG_EXTENDED).writeByte(type).writeByte(length);
    }
  }
}
