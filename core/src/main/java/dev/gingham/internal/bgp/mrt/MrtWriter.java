package dev.gingham.internal.bgp.mrt;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.internal.bgp.wire.AttributeSection;
import dev.gingham.internal.bgp.wire.AttributeType;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Writes MRT records (RFC 6396) to a stream: TABLE_DUMP_V2 peer index tables and RIB records
 * (attributes with 4-octet AS numbers, and MP_REACH_NLRI abbreviated to its next hop, as section
 * 4.3.4 says), and BGP4MP messages and state changes. Peer index entries always carry 4-byte ASes.
 * Not thread-safe; the stream is flushed on close.
 */
public final class MrtWriter implements AutoCloseable {
  private static final SessionCodec RIB_SESSION =
      new SessionCodec(
          true,
          true,
          Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
          BgpWire.MAX_EXTENDED_MESSAGE_LENGTH,
          Set.of(),
          Set.of());

  private final OutputStream out;
  private final ByteBuf buf = Unpooled.buffer(1 << 16);

  /** A writer to {@code out}, which it closes. */
  public MrtWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes one record.
   *
   * @throws IllegalArgumentException if a value does not fit its field: more than 65535 peers or
   *     entries, a view name over 65535 bytes, a next hop of the wrong family, a record over {@link
   *     MrtReader#MAX_RECORD_LENGTH}
   */
  public void write(MrtRecord record) throws IOException {
    buf.clear();
    int type;
    int subtype;
    if (record instanceof MrtRecord.PeerIndexTable) {
      type = MrtType.TABLE_DUMP_V2;
      subtype = MrtType.PEER_INDEX_TABLE;
      writeHeaderPlaceholder();
      peerIndexTable((MrtRecord.PeerIndexTable) record);
    } else if (record instanceof MrtRecord.Rib) {
      MrtRecord.Rib rib = (MrtRecord.Rib) record;
      boolean v6 = rib.prefix().family() == IpFamily.IPV6;
      type = MrtType.TABLE_DUMP_V2;
      subtype =
          v6
              ? (rib.addPath() ? MrtType.RIB_IPV6_UNICAST_ADDPATH : MrtType.RIB_IPV6_UNICAST)
              : (rib.addPath() ? MrtType.RIB_IPV4_UNICAST_ADDPATH : MrtType.RIB_IPV4_UNICAST);
      writeHeaderPlaceholder();
      rib(rib, v6);
    } else if (record instanceof MrtRecord.Bgp4mpMessage) {
      MrtRecord.Bgp4mpMessage m = (MrtRecord.Bgp4mpMessage) record;
      type = MrtType.BGP4MP;
      subtype = m.subtype();
      writeHeaderPlaceholder();
      peerHeader(
          m.as4() ? 4 : 2,
          m.peerAs(),
          m.localAs(),
          m.interfaceIndex(),
          m.peerAddress(),
          m.localAddress());
      buf.writeBytes(m.message());
    } else if (record instanceof MrtRecord.Bgp4mpStateChange) {
      MrtRecord.Bgp4mpStateChange c = (MrtRecord.Bgp4mpStateChange) record;
      type = MrtType.BGP4MP;
      subtype = c.as4() ? MrtType.STATE_CHANGE_AS4 : MrtType.STATE_CHANGE;
      writeHeaderPlaceholder();
      peerHeader(
          c.as4() ? 4 : 2,
          c.peerAs(),
          c.localAs(),
          c.interfaceIndex(),
          c.peerAddress(),
          c.localAddress());
      buf.writeShort(c.oldState()).writeShort(c.newState());
    } else {
      throw new IllegalArgumentException("cannot write " + record);
    }
    int length = buf.writerIndex() - MrtType.HEADER_LENGTH;
    if (length > MrtReader.MAX_RECORD_LENGTH) {
      throw new IllegalArgumentException(
          "a " + MrtType.describe(type, subtype) + " record of " + length + " bytes is too long");
    }
    buf.setInt(0, (int) record.timestamp())
        .setShort(4, type)
        .setShort(6, subtype)
        .setInt(8, length);
    out.write(buf.array(), buf.arrayOffset(), buf.writerIndex());
  }

  private void writeHeaderPlaceholder() {
    buf.writeZero(MrtType.HEADER_LENGTH);
  }

  private void peerIndexTable(MrtRecord.PeerIndexTable t) {
    byte[] view = t.viewName().getBytes(StandardCharsets.UTF_8);
    if (view.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "a view name holds at most 65535 bytes, was " + view.length);
    }
    if (t.peers().size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "a peer index table holds at most 65535 peers, was " + t.peers().size());
    }
    buf.writeInt(t.collectorId().toInt()).writeShort(view.length).writeBytes(view);
    buf.writeShort(t.peers().size());
    for (PeerIdentity p : t.peers()) {
      boolean v6 = p.address().family() == IpFamily.IPV6;
      buf.writeByte((v6 ? MrtType.PEER_TYPE_IPV6 : 0) | MrtType.PEER_TYPE_AS4);
      buf.writeInt(p.routerId().toInt());
      buf.writeBytes(p.address().toBytes());
      buf.writeInt((int) p.as());
    }
  }

  private void rib(MrtRecord.Rib rib, boolean v6) {
    if (rib.entries().size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "a RIB record holds at most 65535 entries, was " + rib.entries().size());
    }
    buf.writeInt((int) rib.sequence());
    IpPrefix prefix = rib.prefix();
    if (v6) {
      Ipv6Address a = (Ipv6Address) prefix.network();
      BgpWire.writeIpv6Prefix(buf, a.high(), a.low(), prefix.length());
    } else {
      BgpWire.writeIpv4Prefix(buf, ((Ipv4Address) prefix.network()).toInt(), prefix.length());
    }
    buf.writeShort(rib.entries().size());
    for (MrtRecord.RibEntry e : rib.entries()) {
      buf.writeShort(e.peerIndex()).writeInt((int) e.originatedTime());
      if (rib.addPath()) {
        buf.writeInt(e.pathId());
      }
      int lengthAt = buf.writerIndex();
      buf.writeShort(0);
      PathAttributes a = e.attributes();
      IpAddress nh = a.nextHop();
      if (nh == null || nh.family() != prefix.family()) {
        throw new IllegalArgumentException(
            "the route to " + prefix + " needs a next hop of its family, had " + nh);
      }
      AttributeSection.encode(buf, a, RIB_SESSION, !v6);
      if (v6) {
        byte[] hop = nh.toBytes();
        buf.writeByte(AttributeType.FLAG_OPTIONAL).writeByte(AttributeType.MP_REACH);
        buf.writeByte(1 + hop.length).writeByte(hop.length).writeBytes(hop);
      }
      int attrLength = buf.writerIndex() - lengthAt - 2;
      if (attrLength > 0xFFFF) {
        throw new IllegalArgumentException(
            "the attributes of the route to " + prefix + " take " + attrLength + " bytes");
      }
      buf.setShort(lengthAt, attrLength);
    }
  }

  private void peerHeader(
      int asLength,
      long peerAs,
      long localAs,
      int interfaceIndex,
      IpAddress peer,
      IpAddress local) {
    if (peer.family() != local.family()) {
      throw new IllegalArgumentException(
          "the peer " + peer + " and local " + local + " addresses differ in family");
    }
    if (asLength == 2) {
      if (peerAs > 0xFFFF || localAs > 0xFFFF) {
        throw new IllegalArgumentException(
            "a 2-byte AS subtype cannot hold AS " + Math.max(peerAs, localAs));
      }
      buf.writeShort((int) peerAs).writeShort((int) localAs);
    } else {
      buf.writeInt((int) peerAs).writeInt((int) localAs);
    }
    buf.writeShort(interfaceIndex).writeShort(peer.family() == IpFamily.IPV4 ? 1 : 2);
    buf.writeBytes(peer.toBytes()).writeBytes(local.toBytes());
  }

  @Override
  public void close() throws IOException {
    try {
      out.flush();
    } finally {
      out.close();
    }
  }
}
