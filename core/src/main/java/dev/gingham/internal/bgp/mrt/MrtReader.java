package dev.gingham.internal.bgp.mrt;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.MrtFormatException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.internal.bgp.wire.AttributeCache;
import dev.gingham.internal.bgp.wire.AttributeSection;
import dev.gingham.internal.bgp.wire.AttributeType;
import dev.gingham.internal.bgp.wire.BgpWire;
import dev.gingham.internal.bgp.wire.DecodedAttributes;
import dev.gingham.internal.bgp.wire.NotificationException;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads MRT records (RFC 6396) one at a time from a stream, gzip-compressed or not. Every length is
 * checked before it is used, and a record that cannot be valid ends the read with an {@link
 * MrtFormatException} that names the record's number, byte offset and type, the field and the
 * value. TABLE_DUMP_V2 attribute sections are decoded once per distinct content and their {@link
 * PathAttributes} shared. Records of other types are returned as {@link MrtRecord.Skipped}. Not
 * thread-safe.
 */
public final class MrtReader implements AutoCloseable {
  /** The longest record read: larger ones are taken for corruption. */
  public static final int MAX_RECORD_LENGTH = 16 << 20;

  /** TABLE_DUMP_V2 attributes: 4-octet AS always (RFC 6396 section 4.3.4), every attribute kept. */
  private static final SessionCodec RIB_SESSION =
      new SessionCodec(
          true,
          true,
          Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST),
          BgpWire.MAX_EXTENDED_MESSAGE_LENGTH,
          Set.of(),
          Set.of());

  private final InputStream in;
  private final UnaryOperator<PathAttributes> interner;
  private final AttributeCache cache = new AttributeCache(1 << 14);
  private final byte[] header = new byte[MrtType.HEADER_LENGTH];
  private byte[] body = new byte[4096];
  private byte[] key = new byte[256];
  private long offset;
  private long number;
  private int type;
  private int subtype;
  private MrtRecord.@Nullable PeerIndexTable peerIndex;

  private MrtReader(InputStream in, UnaryOperator<PathAttributes> interner) {
    this.in = in;
    this.interner = interner;
  }

  /**
   * A reader of {@code in}, which may be gzip-compressed (its magic bytes tell).
   *
   * @param interner returns the canonical instance of equal attributes, so that tables share them
   */
  public static MrtReader open(InputStream in, UnaryOperator<PathAttributes> interner)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream source =
        b0 == 0x1f && b1 == 0x8b
            ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16)
            : buffered;
    return new MrtReader(source, interner);
  }

  /** The number of records read so far. */
  public long records() {
    return number;
  }

  /**
   * The next record, or null at the end of the stream.
   *
   * @throws MrtFormatException if the record is cut short or malformed
   * @throws IOException if the stream fails
   */
  public @Nullable MrtRecord next() throws IOException {
    int got = readFully(header, MrtType.HEADER_LENGTH);
    if (got == 0) {
      return null;
    }
    type = -1;
    subtype = -1;
    if (got < MrtType.HEADER_LENGTH) {
      throw fail("the header is cut short after " + got + " of 12 bytes");
    }
    ByteBuffer h = ByteBuffer.wrap(header);
    long timestamp = Integer.toUnsignedLong(h.getInt(0));
    type = h.getShort(4) & 0xFFFF;
    subtype = h.getShort(6) & 0xFFFF;
    long length = Integer.toUnsignedLong(h.getInt(8));
    if (length > MAX_RECORD_LENGTH) {
      throw fail("length " + length + " is more than the " + MAX_RECORD_LENGTH + " bytes read");
    }
    int n = (int) length;
    if (body.length < n) {
      body = new byte[Math.max(n, body.length * 2)];
    }
    int read = readFully(body, n);
    if (read < n) {
      throw fail("the record is cut short: length " + n + ", only " + read + " bytes left");
    }
    ByteBuf buf = Unpooled.wrappedBuffer(body, 0, n);
    MrtRecord record;
    try {
      record = decode(timestamp, buf, n);
    } catch (IndexOutOfBoundsException e) {
      throw fail("a field overruns the record of " + n + " bytes");
    }
    offset += MrtType.HEADER_LENGTH + n;
    number++;
    return record;
  }

  private MrtRecord decode(long timestamp, ByteBuf buf, int length) {
    if (type == MrtType.TABLE_DUMP_V2) {
      switch (subtype) {
        case MrtType.PEER_INDEX_TABLE:
          MrtRecord.PeerIndexTable t = peerIndexTable(timestamp, buf, length);
          peerIndex = t;
          return t;
        case MrtType.RIB_IPV4_UNICAST:
          return rib(timestamp, buf, length, false, false);
        case MrtType.RIB_IPV6_UNICAST:
          return rib(timestamp, buf, length, true, false);
        case MrtType.RIB_IPV4_UNICAST_ADDPATH:
          return rib(timestamp, buf, length, false, true);
        case MrtType.RIB_IPV6_UNICAST_ADDPATH:
          return rib(timestamp, buf, length, true, true);
        default:
          return new MrtRecord.Skipped(timestamp, type, subtype, length);
      }
    }
    if (type == MrtType.BGP4MP || type == MrtType.BGP4MP_ET) {
      int start = 0;
      if (type == MrtType.BGP4MP_ET) {
        need(buf, 0, 4, "the microsecond timestamp");
        start = 4;
      }
      switch (subtype) {
        case MrtType.STATE_CHANGE:
        case MrtType.STATE_CHANGE_AS4:
          return stateChange(timestamp, buf, start, length);
        case MrtType.MESSAGE:
        case MrtType.MESSAGE_AS4:
        case MrtType.MESSAGE_LOCAL:
        case MrtType.MESSAGE_AS4_LOCAL:
        case MrtType.MESSAGE_ADDPATH:
        case MrtType.MESSAGE_AS4_ADDPATH:
        case MrtType.MESSAGE_LOCAL_ADDPATH:
        case MrtType.MESSAGE_AS4_LOCAL_ADDPATH:
          return message(timestamp, buf, start, length);
        default:
          return new MrtRecord.Skipped(timestamp, type, subtype, length);
      }
    }
    return new MrtRecord.Skipped(timestamp, type, subtype, length);
  }

  private MrtRecord.PeerIndexTable peerIndexTable(long timestamp, ByteBuf buf, int length) {
    need(buf, 0, 6, "the collector id and view name length");
    Ipv4Address collector = Ipv4Address.of(buf.getInt(0));
    int viewLength = buf.getUnsignedShort(4);
    need(buf, 6, viewLength + 2, "the view name of " + viewLength + " bytes and the peer count");
    String view;
    try {
      view =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(buf.nioBuffer(6, viewLength))
              .toString();
    } catch (CharacterCodingException e) {
      throw fail("the view name is not UTF-8");
    }
    int count = buf.getUnsignedShort(6 + viewLength);
    List<PeerIdentity> peers = new ArrayList<>(count);
    int i = 8 + viewLength;
    for (int k = 0; k < count; k++) {
      need(buf, i, 1, "the type of peer entry " + k);
      int peerType = buf.getUnsignedByte(i);
      int ipLength = (peerType & MrtType.PEER_TYPE_IPV6) != 0 ? 16 : 4;
      int asLength = (peerType & MrtType.PEER_TYPE_AS4) != 0 ? 4 : 2;
      need(buf, i + 1, 4 + ipLength + asLength, "peer entry " + k);
      Ipv4Address id = Ipv4Address.of(buf.getInt(i + 1));
      IpAddress ip = address(buf, i + 5, ipLength);
      long as =
          asLength == 4
              ? buf.getUnsignedInt(i + 5 + ipLength)
              : buf.getUnsignedShort(i + 5 + ipLength);
      peers.add(new PeerIdentity(ip, as, id));
      i += 1 + 4 + ipLength + asLength;
    }
    if (i != length) {
      throw fail((length - i) + " bytes follow the last of " + count + " peer entries");
    }
    return new MrtRecord.PeerIndexTable(timestamp, collector, view, peers);
  }

  private MrtRecord.Rib rib(long timestamp, ByteBuf buf, int length, boolean v6, boolean addPath) {
    need(buf, 0, 5, "the sequence number and prefix length");
    long sequence = buf.getUnsignedInt(0);
    int prefixLength = buf.getUnsignedByte(4);
    int max = v6 ? 128 : 32;
    if (prefixLength > max) {
      throw fail("prefix length " + prefixLength + " is more than " + max);
    }
    int bytes = BgpWire.prefixBytes(prefixLength);
    need(buf, 5, bytes + 2, "a /" + prefixLength + " prefix and the entry count");
    IpPrefix prefix = prefix(buf, 5, prefixLength, v6);
    int count = buf.getUnsignedShort(5 + bytes);
    MrtRecord.PeerIndexTable peers = peerIndex;
    if (peers == null && count > 0) {
      throw fail("a RIB record comes before any PEER_INDEX_TABLE");
    }
    List<MrtRecord.RibEntry> entries = new ArrayList<>(count);
    int i = 7 + bytes;
    int fixed = addPath ? 12 : 8;
    for (int k = 0; k < count; k++) {
      need(buf, i, fixed, "the header of RIB entry " + k);
      int peer = buf.getUnsignedShort(i);
      if (peer >= peers.peers().size()) {
        throw fail(
            "RIB entry "
                + k
                + " names peer index "
                + peer
                + ", but the peer index table has "
                + peers.peers().size()
                + " peers");
      }
      long originated = buf.getUnsignedInt(i + 2);
      int pathId = addPath ? buf.getInt(i + 6) : 0;
      int attrLength = buf.getUnsignedShort(i + fixed - 2);
      int attrStart = i + fixed;
      need(buf, attrStart, attrLength, "the attributes of RIB entry " + k);
      PathAttributes attrs = ribAttributes(buf, attrStart, attrStart + attrLength, v6, k);
      entries.add(new MrtRecord.RibEntry(peer, originated, pathId, attrs));
      i = attrStart + attrLength;
    }
    if (i != length) {
      throw fail((length - i) + " bytes follow the last of " + count + " RIB entries");
    }
    return new MrtRecord.Rib(timestamp, sequence, prefix, addPath, entries);
  }

  /** The attributes of one RIB entry, with the next hop of the prefix's family. */
  private PathAttributes ribAttributes(ByteBuf buf, int start, int end, boolean v6, int entry) {
    int length = end - start;
    if (key.length < length + 1) {
      key = new byte[Math.max(length + 1, key.length * 2)];
    }
    buf.getBytes(start, key, 0, length);
    key[length] = (byte) (v6 ? 6 : 4); // the same bytes mean another next hop in another family
    int keyLength = length + 1;
    int hash = AttributeCache.hash(key, keyLength);
    DecodedAttributes cached = cache.get(key, keyLength, hash);
    if (cached != null) {
      return cached.attributes();
    }
    String where = "RIB entry " + entry + ": ";
    long mp;
    try {
      AttributeSection.find(buf, start, end, 256); // frames every attribute
      mp = AttributeSection.find(buf, start, end, AttributeType.MP_REACH);
    } catch (IllegalArgumentException e) {
      throw fail(where + e.getMessage());
    }
    DecodedAttributes d;
    try {
      d = AttributeSection.decode(buf, start, end, RIB_SESSION);
    } catch (NotificationException e) {
      throw fail(where + e.getMessage());
    }
    if (d.withdrawReason() != null) {
      throw fail(where + d.withdrawReason());
    }
    if (AttributeSection.find(buf, start, end, AttributeType.ORIGIN) < 0) {
      throw fail(where + "ORIGIN is missing");
    }
    if (AttributeSection.find(buf, start, end, AttributeType.AS_PATH) < 0) {
      throw fail(where + "AS_PATH is missing");
    }
    PathAttributes attrs = d.attributes();
    if (v6) {
      if (mp < 0) {
        throw fail(where + "an IPv6 route has no MP_REACH_NLRI next hop");
      }
      attrs = attrs.toBuilder().nextHop(mpNextHop(buf, (int) (mp >>> 32), (int) mp, where)).build();
    } else if (attrs.nextHop() == null) {
      throw fail(where + "an IPv4 route has no NEXT_HOP");
    }
    attrs = interner.apply(attrs);
    cache.put(key, keyLength, hash, new DecodedAttributes(attrs, null, null, null));
    return attrs;
  }

  /**
   * The IPv6 next hop of MP_REACH_NLRI in a RIB entry: RFC 6396's abbreviated form (next hop length
   * and next hop), or the full attribute some writers put there.
   */
  private IpAddress mpNextHop(ByteBuf buf, int v, int len, String where) {
    if (len >= 1) {
      int nhLength = buf.getUnsignedByte(v);
      if (nhLength == len - 1 && (nhLength == 16 || nhLength == 32)) {
        return Ipv6Address.of(buf.getLong(v + 1), buf.getLong(v + 9));
      }
    }
    if (len >= 5 && buf.getUnsignedShort(v) == AddressFamily.IPV6_UNICAST.afi()) {
      int nhLength = buf.getUnsignedByte(v + 3);
      if ((nhLength == 16 || nhLength == 32) && 4 + nhLength <= len) {
        return Ipv6Address.of(buf.getLong(v + 4), buf.getLong(v + 12));
      }
    }
    throw fail(where + "MP_REACH_NLRI of " + len + " bytes holds no IPv6 next hop");
  }

  private MrtRecord.Bgp4mpStateChange stateChange(
      long timestamp, ByteBuf buf, int start, int length) {
    boolean as4 = subtype == MrtType.STATE_CHANGE_AS4;
    int asLength = as4 ? 4 : 2;
    int i = peerHeaderLength(buf, start, asLength);
    int ipLength = (i - start - 2 * asLength - 4) / 2;
    need(buf, i, 4, "the old and new states");
    if (i + 4 != length) {
      throw fail((length - i - 4) + " bytes follow the new state");
    }
    return new MrtRecord.Bgp4mpStateChange(
        timestamp,
        as4,
        as(buf, start, asLength),
        as(buf, start + asLength, asLength),
        buf.getUnsignedShort(start + 2 * asLength),
        address(buf, start + 2 * asLength + 4, ipLength),
        address(buf, start + 2 * asLength + 4 + ipLength, ipLength),
        buf.getUnsignedShort(i),
        buf.getUnsignedShort(i + 2));
  }

  private MrtRecord.Bgp4mpMessage message(long timestamp, ByteBuf buf, int start, int length) {
    int asLength =
        subtype == MrtType.MESSAGE_AS4
                || subtype == MrtType.MESSAGE_AS4_LOCAL
                || subtype == MrtType.MESSAGE_AS4_ADDPATH
                || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH
            ? 4
            : 2;
    int i = peerHeaderLength(buf, start, asLength);
    int ipLength = (i - start - 2 * asLength - 4) / 2;
    int messageLength = length - i;
    if (messageLength < BgpWire.HEADER_LENGTH) {
      throw fail("the BGP message has " + messageLength + " bytes, fewer than its 19-byte header");
    }
    if (buf.getLong(i) != -1L || buf.getLong(i + 8) != -1L) {
      throw fail("the BGP message's marker is not 16 bytes of 0xff");
    }
    int declared = buf.getUnsignedShort(i + BgpWire.LENGTH_OFFSET);
    if (declared != messageLength) {
      throw fail(
          "the BGP message says it has "
              + declared
              + " bytes, but the record holds "
              + messageLength);
    }
    byte[] message = new byte[messageLength];
    buf.getBytes(i, message);
    return new MrtRecord.Bgp4mpMessage(
        timestamp,
        subtype,
        as(buf, start, asLength),
        as(buf, start + asLength, asLength),
        buf.getUnsignedShort(start + 2 * asLength),
        address(buf, start + 2 * asLength + 4, ipLength),
        address(buf, start + 2 * asLength + 4 + ipLength, ipLength),
        message);
  }

  /** Checks the BGP4MP peer header at {@code start}; returns the index after it. */
  private int peerHeaderLength(ByteBuf buf, int start, int asLength) {
    need(buf, start, 2 * asLength + 4, "the ASes, interface index and address family");
    int afi = buf.getUnsignedShort(start + 2 * asLength + 2);
    if (afi != 1 && afi != 2) {
      throw fail("address family " + afi + " is neither 1 (IPv4) nor 2 (IPv6)");
    }
    int ipLength = afi == 1 ? 4 : 16;
    need(buf, start + 2 * asLength + 4, 2 * ipLength, "the peer and local addresses");
    return start + 2 * asLength + 4 + 2 * ipLength;
  }

  private static long as(ByteBuf buf, int at, int asLength) {
    return asLength == 4 ? buf.getUnsignedInt(at) : buf.getUnsignedShort(at);
  }

  private static IpAddress address(ByteBuf buf, int at, int length) {
    return length == 4
        ? Ipv4Address.of(buf.getInt(at))
        : Ipv6Address.of(buf.getLong(at), buf.getLong(at + 8));
  }

  private static IpPrefix prefix(ByteBuf buf, int at, int length, boolean v6) {
    int n = BgpWire.prefixBytes(length);
    byte[] bytes = new byte[v6 ? 16 : 4];
    buf.getBytes(at, bytes, 0, n);
    if (length % 8 != 0) {
      bytes[n - 1] &= (byte) (0xFF << (8 - length % 8)); // host bits are not part of the prefix
    }
    Arrays.fill(bytes, n, bytes.length, (byte) 0);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    IpAddress a = v6 ? Ipv6Address.of(b.getLong(0), b.getLong(8)) : Ipv4Address.of(b.getInt(0));
    return IpPrefix.of(a, length);
  }

  private void need(ByteBuf buf, int at, int bytes, String what) {
    if (at + bytes > buf.writerIndex()) {
      throw fail(
          what
              + " needs "
              + bytes
              + " bytes at "
              + at
              + ", but the record has "
              + buf.writerIndex());
    }
  }

  private MrtFormatException fail(String message) {
    return new MrtFormatException(
        "MRT record #"
            + (number + 1)
            + " at byte "
            + offset
            + (type >= 0 ? " (" + MrtType.describe(type, subtype) + ")" : "")
            + ": "
            + message);
  }

  private int readFully(byte[] into, int n) throws IOException {
    int got = 0;
    while (got < n) {
      int r = in.read(into, got, n - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
