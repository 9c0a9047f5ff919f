package dev.gingham.internal.bgp.wire;

import static dev.gingham.internal.bgp.wire.AttributeType.FLAG_EXTENDED;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Decodes UPDATE messages (RFC 4271 section 4.3, RFC 4760) of one session into calls on an {@link
 * UpdateHandler}, with RFC 7606's error handling.
 *
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 *
 * <p>Every prefix field is checked before anything is reported, so a message that ends the session
 * reports nothing. An attribute section seen before on this session is not decoded again: its bytes
 * (without MP_REACH_NLRI's prefixes) key an {@link AttributeCache}. The steady state allocates
 * nothing per message. Not thread-safe: one per session.
 */
public final class UpdateDecoder {
  /**
   * Attribute sections one session caches. A full table sends each of its sets once (its prefixes
   * grouped in UPDATEs), so the cache pays on repeats, which churn brings in bursts: a bound of
   * 8,192 catches those and holds about a megabyte, not tens.
   */
  public static final int DEFAULT_CACHE_ENTRIES = 1 << 13;

  private final SessionCodec session;
  private final UnaryOperator<PathAttributes> interner;
  private final AttributeCache cache;
  private final byte[] key;
  private final long[] seen = new long[4];
  private @Nullable Ipv4Address lastNextHop;
  private @Nullable IpAddress lastMpNextHop;

  /**
   * A decoder for one session.
   *
   * @param interner returns the canonical instance of equal attributes
   */
  public UpdateDecoder(SessionCodec session, UnaryOperator<PathAttributes> interner) {
    this(session, interner, DEFAULT_CACHE_ENTRIES);
  }

  /** A decoder with a cache of the given size. */
  public UpdateDecoder(
      SessionCodec session, UnaryOperator<PathAttributes> interner, int cacheEntries) {
    this.session = session;
    this.interner = interner;
    this.cache = new AttributeCache(cacheEntries);
    this.key = new byte[session.maxMessageLength() + 64];
  }

  /** The session's codec parameters. */
  public SessionCodec session() {
    return session;
  }

  /** The attribute cache, for statistics. */
  public AttributeCache cache() {
    return cache;
  }

  /**
   * Decodes the UPDATE body of {@code length} bytes at {@code index} (after the header).
   *
   * @throws NotificationException when RFC 7606 requires a session reset: lengths that overrun the
   *     message (3/1), a repeated MP attribute (3/1), a malformed prefix (3/10), a malformed
   *     MP_REACH_NLRI or MP_UNREACH_NLRI (3/9), an unrecognized well-known attribute (3/2)
   */
  public void decode(ByteBuf buf, int index, int length, UpdateHandler handler) {
    int end = index + length;
    if (length < 4) {
      throw malformedList("an UPDATE body has at least 4 bytes, was " + length);
    }
    int withdrawnLength = buf.getUnsignedShort(index);
    int wStart = index + 2;
    int wEnd = wStart + withdrawnLength;
    if (wEnd + 2 > end) {
      throw malformedList(
          "withdrawn routes length "
              + withdrawnLength
              + " overruns the UPDATE of "
              + length
              + " bytes");
    }
    int attributesLength = buf.getUnsignedShort(wEnd);
    int aStart = wEnd + 2;
    int aEnd = aStart + attributesLength;
    if (aEnd > end) {
      throw malformedList(
          "total path attribute length "
              + attributesLength
              + " overruns the UPDATE of "
              + length
              + " bytes");
    }
    boolean v4PathIds = session.receivesPathIds(AddressFamily.IPV4_UNICAST);
    int withdrawnCount = checkPrefixes(buf, wStart, wEnd, 32, v4PathIds, "withdrawn routes");
    int nlriCount = checkPrefixes(buf, aEnd, end, 32, v4PathIds, "NLRI");

    // Pass 1: frame the attributes, find MP_REACH/MP_UNREACH, copy the rest into the cache key.
    seen[0] = seen[1] = seen[2] = seen[3] = 0;
    String withdrawReason = null;
    int keyLength = 0;
    int reachAt = -1;
    int reachLength = 0;
    int unreachAt = -1;
    int unreachLength = 0;
    int i = aStart;
    while (i < aEnd) {
      if (aEnd - i < 3) {
        withdrawReason = "an attribute header needs 3 bytes, " + (aEnd - i) + " left";
        break;
      }
      int flags = buf.getUnsignedByte(i);
      int type = buf.getUnsignedByte(i + 1);
      int hdr = (flags & FLAG_EXTENDED) != 0 ? 4 : 3;
      if (aEnd - i < hdr) {
        withdrawReason = "an extended attribute header needs 4 bytes, " + (aEnd - i) + " left";
        break;
      }
      int len = hdr == 4 ? buf.getUnsignedShort(i + 2) : buf.getUnsignedByte(i + 2);
      if (i + hdr + len > aEnd) {
        withdrawReason =
            "attribute " + type + " of length " + len + " overruns the path attributes";
        break;
      }
      boolean repeated = (seen[type >>> 6] & (1L << type)) != 0;
      if (repeated && (type == AttributeType.MP_REACH || type == AttributeType.MP_UNREACH)) {
        throw malformedList("attribute " + type + " appears twice");
      }
      seen[type >>> 6] |= 1L << type;
      if (type == AttributeType.MP_REACH && !repeated) {
        reachAt = i + hdr;
        reachLength = len;
      } else if (type == AttributeType.MP_UNREACH && !repeated) {
        unreachAt = i + hdr;
        unreachLength = len;
      } else {
        buf.getBytes(i, key, keyLength, hdr + len);
        keyLength += hdr + len;
      }
      i += hdr + len;
    }

    // MP_UNREACH_NLRI: check it whole before reporting anything.
    AddressFamily unreachFamily = null;
    int unreachNlri = 0;
    int unreachCount = 0;
    if (unreachAt >= 0) {
      if (unreachLength < 3) {
        throw optionalError("MP_UNREACH_NLRI of " + unreachLength + " bytes is shorter than 3");
      }
      unreachFamily = family(buf.getUnsignedShort(unreachAt), buf.getUnsignedByte(unreachAt + 2));
      unreachNlri = unreachAt + 3;
      if (unreachFamily != null) {
        unreachCount =
            checkMpPrefixes(
                buf,
                unreachNlri,
                unreachAt + unreachLength,
                unreachFamily,
                session.receivesPathIds(unreachFamily),
                "MP_UNREACH_NLRI");
      }
    }

    // MP_REACH_NLRI: RFC 7606 section 7.11, a bad next hop length hides the NLRI: session reset.
    AddressFamily reachFamily = null;
    int reachNlri = 0;
    int reachCount = 0;
    int nextHopAt = 0;
    int nextHopLength = 0;
    if (reachAt >= 0) {
      if (reachLength < 5) {
        throw optionalError("MP_REACH_NLRI of " + reachLength + " bytes is shorter than 5");
      }
      nextHopLength = buf.getUnsignedByte(reachAt + 3);
      if (4 + nextHopLength + 1 > reachLength) {
        throw optionalError(
            "MP_REACH_NLRI next hop length "
                + nextHopLength
                + " overruns the attribute of "
                + reachLength
                + " bytes");
      }
      reachFamily = family(buf.getUnsignedShort(reachAt), buf.getUnsignedByte(reachAt + 2));
      if (reachFamily != null) {
        boolean v6 = reachFamily == AddressFamily.IPV6_UNICAST;
        if (v6 ? nextHopLength != 16 && nextHopLength != 32 : nextHopLength != 4) {
          throw optionalError(
              "MP_REACH_NLRI next hop length "
                  + nextHopLength
                  + " is wrong for "
                  + reachFamily
                  + " (expected "
                  + (v6 ? "16 or 32" : "4")
                  + ")");
        }
        nextHopAt = reachAt + 4;
        reachNlri = nextHopAt + nextHopLength + 1;
        reachCount =
            checkMpPrefixes(
                buf,
                reachNlri,
                reachAt + reachLength,
                reachFamily,
                session.receivesPathIds(reachFamily),
                "MP_REACH_NLRI");
      }
    }

    // Everything that could end the session has been checked; now decide about the attributes.
    DecodedAttributes decoded = null;
    boolean announces = nlriCount > 0 || reachCount > 0;
    if (announces && withdrawReason == null) {
      if (reachCount > 0) {
        key[keyLength++] = (byte) 0xFF; // no attribute header starts with type 0xFF after flags
        key[keyLength++] = (byte) nextHopLength;
        buf.getBytes(nextHopAt, key, keyLength, nextHopLength);
        keyLength += nextHopLength;
      }
      int hash = AttributeCache.hash(key, keyLength);
      decoded = cache.get(key, keyLength, hash);
      if (decoded == null) {
        decoded =
            decodeAttributes(buf, aStart, aEnd, reachCount > 0 ? nextHopAt : -1, nextHopLength);
        cache.put(key, keyLength, hash, decoded);
      }
      withdrawReason = decoded.withdrawReason();
      if (withdrawReason == null) {
        withdrawReason = missingMandatory(nlriCount > 0);
      }
      if (decoded.discardReason() != null) {
        handler.malformed("attribute discarded: " + decoded.discardReason());
      }
    }
    if (withdrawReason != null && announces) {
      handler.malformed("treat-as-withdraw: " + withdrawReason);
    }

    // Report: withdrawals first, then announcements.
    boolean v4 = session.families().contains(AddressFamily.IPV4_UNICAST);
    if (withdrawnCount > 0 && v4) {
      emitIpv4(buf, wStart, wEnd, v4PathIds, null, handler);
    }
    if (unreachFamily != null && unreachCount > 0) {
      emitMp(buf, unreachNlri, unreachAt + unreachLength, unreachFamily, null, handler);
    }
    if (nlriCount > 0 && v4) {
      PathAttributes attrs = withdrawReason == null ? decoded.attributes() : null;
      emitIpv4(buf, aEnd, end, v4PathIds, attrs, handler);
    }
    if (reachFamily != null && reachCount > 0) {
      PathAttributes attrs = withdrawReason == null ? decoded.mpAttributes() : null;
      emitMp(buf, reachNlri, reachAt + reachLength, reachFamily, attrs, handler);
    }

    // End-of-RIB (RFC 4724 section 2).
    if (length == 4 && v4) {
      handler.endOfRib(AddressFamily.IPV4_UNICAST);
    } else if (unreachFamily != null
        && unreachCount == 0
        && reachAt < 0
        && withdrawnCount == 0
        && nlriCount == 0) {
      handler.endOfRib(unreachFamily);
    }
  }

  private DecodedAttributes decodeAttributes(
      ByteBuf buf, int aStart, int aEnd, int nextHopAt, int nextHopLength) {
    DecodedAttributes d = AttributeDecoder.decode(buf, aStart, aEnd, session, lastNextHop);
    if (d.attributes() == null) {
      return d;
    }
    PathAttributes attrs = interner.apply(d.attributes());
    if (attrs.nextHop() instanceof Ipv4Address) {
      lastNextHop = (Ipv4Address) attrs.nextHop();
    }
    PathAttributes mp = null;
    if (nextHopAt >= 0) {
      IpAddress nh;
      if (nextHopLength == 4) {
        nh = Ipv4Address.of(buf.getInt(nextHopAt));
      } else {
        nh = Ipv6Address.of(buf.getLong(nextHopAt), buf.getLong(nextHopAt + 8));
      }
      if (nh.equals(lastMpNextHop)) {
        nh = lastMpNextHop;
      }
      lastMpNextHop = nh;
      mp = interner.apply(attrs.toBuilder().nextHop(nh).build());
    }
    return new DecodedAttributes(attrs, mp, null, d.discardReason());
  }

  private @Nullable String missingMandatory(boolean ipv4Nlri) {
    if (!has(AttributeType.ORIGIN)) {
      return "ORIGIN is missing";
    }
    if (!has(AttributeType.AS_PATH)) {
      return "AS_PATH is missing";
    }
    if (ipv4Nlri && !has(AttributeType.NEXT_HOP)) {
      return "NEXT_HOP is missing";
    }
    return null;
  }

  private boolean has(int type) {
    return (seen[type >>> 6] & (1L << type)) != 0;
  }

  private @Nullable AddressFamily family(int afi, int safi) {
    for (AddressFamily f : session.families()) {
      if (f.afi() == afi && f.safi() == safi) {
        return f;
      }
    }
    return null; // RFC 4760: a family that was not negotiated is ignored
  }

  private static int checkMpPrefixes(
      ByteBuf buf, int start, int end, AddressFamily family, boolean pathIds, String where) {
    try {
      return checkPrefixes(
          buf, start, end, family == AddressFamily.IPV6_UNICAST ? 128 : 32, pathIds, where);
    } catch (NotificationException e) {
      throw optionalError(e.getMessage());
    }
  }

  /**
   * Counts the prefixes in {@code [start, end)}, checking each; with {@code pathIds}, each is
   * preceded by a 4-byte path identifier (RFC 7911 section 3).
   */
  private static int checkPrefixes(
      ByteBuf buf, int start, int end, int maxLength, boolean pathIds, String where) {
    int count = 0;
    int i = start;
    while (i < end) {
      if (pathIds) {
        if (end - i < 5) {
          throw new NotificationException(
              ErrorCodes.UPDATE,
              ErrorCodes.UPDATE_INVALID_NETWORK,
              where + ": a path identifier and prefix length need 5 bytes, " + (end - i) + " left");
        }
        i += 4;
      }
      int len = buf.getUnsignedByte(i);
      if (len > maxLength) {
        throw new NotificationException(
            ErrorCodes.UPDATE,
            ErrorCodes.UPDATE_INVALID_NETWORK,
            where + ": prefix length " + len + " is more than " + maxLength);
      }
      int next = i + 1 + BgpWire.prefixBytes(len);
      if (next > end) {
        throw new NotificationException(
            ErrorCodes.UPDATE,
            ErrorCodes.UPDATE_INVALID_NETWORK,
            where + ": a /" + len + " prefix overruns the field by " + (next - end) + " bytes");
      }
      i = next;
      count++;
    }
    return count;
  }

  private static void emitIpv4(
      ByteBuf buf,
      int start,
      int end,
      boolean pathIds,
      @Nullable PathAttributes attrs,
      UpdateHandler handler) {
    int i = start;
    while (i < end) {
      int pathId = 0;
      if (pathIds) {
        pathId = buf.getInt(i);
        i += 4;
      }
      int len = buf.getUnsignedByte(i);
      int n = BgpWire.prefixBytes(len);
      int address = 0;
      for (int k = 0; k < n; k++) {
        address |= buf.getUnsignedByte(i + 1 + k) << (24 - 8 * k);
      }
      address = len == 0 ? 0 : address & (-1 << (32 - len));
      if (attrs == null) {
        handler.withdrawIpv4(pathId, address, len);
      } else {
        handler.announceIpv4(pathId, address, len, attrs);
      }
      i += 1 + n;
    }
  }

  private void emitMp(
      ByteBuf buf,
      int start,
      int end,
      AddressFamily family,
      @Nullable PathAttributes attrs,
      UpdateHandler handler) {
    boolean pathIds = session.receivesPathIds(family);
    if (family == AddressFamily.IPV4_UNICAST) {
      emitIpv4(buf, start, end, pathIds, attrs, handler);
      return;
    }
    int i = start;
    while (i < end) {
      int pathId = 0;
      if (pathIds) {
        pathId = buf.getInt(i);
        i += 4;
      }
      int len = buf.getUnsignedByte(i);
      int n = BgpWire.prefixBytes(len);
      long high = 0;
      long low = 0;
      for (int k = 0; k < n; k++) {
        long b = buf.getUnsignedByte(i + 1 + k);
        if (k < 8) {
          high |= b << (56 - 8 * k);
        } else {
          low |= b << (56 - 8 * (k - 8));
        }
      }
      if (len <= 64) {
        high = len == 0 ? 0 : high & (-1L << (64 - len));
        low = 0;
      } else {
        low = len == 128 ? low : low & (-1L << (128 - len));
      }
      if (attrs == null) {
        handler.withdrawIpv6(pathId, high, low, len);
      } else {
        handler.announceIpv6(pathId, high, low, len, attrs);
      }
      i += 1 + n;
    }
  }

  private static NotificationException malformedList(String message) {
    return new NotificationException(
        ErrorCodes.UPDATE, ErrorCodes.UPDATE_MALFORMED_ATTRIBUTE_LIST, message);
  }

  private static NotificationException optionalError(String message) {
    return new NotificationException(
        ErrorCodes.UPDATE, ErrorCodes.UPDATE_OPTIONAL_ATTRIBUTE, message);
  }
}
