package dev.gingham.internal.bgp.wire;

import static dev.gingham.internal.bgp.wire.AttributeType.FLAG_EXTENDED;
import static dev.gingham.internal.bgp.wire.AttributeType.FLAG_OPTIONAL;
import static dev.gingham.internal.bgp.wire.AttributeType.FLAG_TRANSITIVE;

import dev.gingham.bgp.Aggregator;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.UnknownAttribute;
import dev.gingham.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the path attributes of an UPDATE into {@link PathAttributes}, applying RFC 7606 to each
 * one: treat-as-withdraw, attribute discard, or a NOTIFICATION where the RFC leaves no other way.
 * MP_REACH_NLRI and MP_UNREACH_NLRI are the {@link UpdateDecoder}'s. The caller has already checked
 * that every attribute header and value lies within the section. Not thread-safe; allocation is
 * fine here, because sessions cache the result by the section's bytes.
 */
final class AttributeDecoder {
  private AttributeDecoder() {}

  /**
   * Decodes the attributes in {@code [start, end)}.
   *
   * @throws NotificationException (3/2) for an unrecognized well-known attribute
   */
  static DecodedAttributes decode(ByteBuf buf, int start, int end, SessionCodec session) {
    return decode(buf, start, end, session, null);
  }

  /**
   * As {@link #decode(ByteBuf, int, int, SessionCodec)}, reusing {@code previousNextHop} when the
   * NEXT_HOP is the same address: a table's routes share a few next hops, and sets that share the
   * instance share its memory.
   */
  static DecodedAttributes decode(
      ByteBuf buf,
      int start,
      int end,
      SessionCodec session,
      @Nullable Ipv4Address previousNextHop) {
    PathAttributes.Builder b = PathAttributes.builder();
    long[] seen = new long[4];
    String withdraw = null;
    String discard = null;
    AsPath asPath = null;
    AsPath as4Path = null;
    Aggregator aggregator = null;
    Aggregator as4Aggregator = null;
    List<UnknownAttribute> unknown = List.of();
    int i = start;
    while (i < end) {
      int flags = buf.getUnsignedByte(i);
      int type = buf.getUnsignedByte(i + 1);
      int hdr = (flags & FLAG_EXTENDED) != 0 ? 4 : 3;
      int len = hdr == 4 ? buf.getUnsignedShort(i + 2) : buf.getUnsignedByte(i + 2);
      int v = i + hdr;
      i = v + len;
      if ((seen[type >>> 6] & (1L << type)) != 0) {
        continue; // RFC 7606 section 3 (g): later copies are discarded
      }
      seen[type >>> 6] |= 1L << type;
      if (type == AttributeType.MP_REACH || type == AttributeType.MP_UNREACH) {
        continue;
      }
      int expected = AttributeType.expectedFlags(type);
      if (expected < 0) {
        if ((flags & FLAG_OPTIONAL) == 0) {
          byte[] data = new byte[i - (v - hdr)];
          buf.getBytes(v - hdr, data);
          throw new NotificationException(
              ErrorCodes.UPDATE,
              ErrorCodes.UPDATE_UNRECOGNIZED_WELL_KNOWN,
              data,
              "unrecognized well-known attribute type " + type);
        }
        if ((flags & FLAG_TRANSITIVE) != 0) {
          byte[] value = new byte[len];
          buf.getBytes(v, value);
          if (unknown.isEmpty()) {
            unknown = new ArrayList<>(2);
          }
          unknown.add(UnknownAttribute.of(flags, type, value).withPartial());
        }
        continue; // an unknown optional non-transitive attribute is quietly ignored
      }
      if ((flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != expected) {
        if (type == AttributeType.AS4_PATH || type == AttributeType.AS4_AGGREGATOR) {
          discard = "attribute " + type + " has flags 0x" + Integer.toHexString(flags);
          continue;
        }
        withdraw =
            first(
                withdraw,
                "attribute "
                    + type
                    + " has flags 0x"
                    + Integer.toHexString(flags)
                    + ", expected 0x"
                    + Integer.toHexString(expected));
        continue;
      }
      switch (type) {
        case AttributeType.ORIGIN:
          if (len != 1) {
            withdraw = first(withdraw, "ORIGIN has length " + len + ", expected 1");
          } else if (buf.getUnsignedByte(v) > 2) {
            withdraw = first(withdraw, "ORIGIN value " + buf.getUnsignedByte(v) + " is not 0..2");
          } else {
            b.origin(Origin.ofCode(buf.getUnsignedByte(v)));
          }
          break;
        case AttributeType.AS_PATH:
          asPath = AsPathCodec.decode(buf, v, len, session.asSize());
          if (asPath == null) {
            withdraw = first(withdraw, "AS_PATH of " + len + " bytes is malformed");
          }
          break;
        case AttributeType.NEXT_HOP:
          if (len != 4) {
            withdraw = first(withdraw, "NEXT_HOP has length " + len + ", expected 4");
          } else {
            int nh = buf.getInt(v);
            if (nh == 0 || nh == -1 || (nh >>> 28) == 0xE) {
              withdraw =
                  first(withdraw, "NEXT_HOP " + Ipv4Address.of(nh) + " is not a unicast address");
            } else if (previousNextHop != null && previousNextHop.toInt() == nh) {
              b.nextHop(previousNextHop);
            } else {
              b.nextHop(Ipv4Address.of(nh));
            }
          }
          break;
        case AttributeType.MED:
          if (len != 4) {
            withdraw = first(withdraw, "MULTI_EXIT_DISC has length " + len + ", expected 4");
          } else {
            b.med(buf.getUnsignedInt(v));
          }
          break;
        case AttributeType.LOCAL_PREF:
          if (!session.internal()) {
            discard = "LOCAL_PREF from an external peer";
          } else if (len != 4) {
            withdraw = first(withdraw, "LOCAL_PREF has length " + len + ", expected 4");
          } else {
            b.localPref(buf.getUnsignedInt(v));
          }
          break;
        case AttributeType.ATOMIC_AGGREGATE:
          if (len != 0) {
            discard = "ATOMIC_AGGREGATE has length " + len + ", expected 0";
          } else {
            b.atomicAggregate(true);
          }
          break;
        case AttributeType.AGGREGATOR:
          aggregator = aggregator(buf, v, len, session.asSize());
          if (aggregator == null) {
            discard = "AGGREGATOR has length " + len + ", expected " + (session.asSize() + 4);
          }
          break;
        case AttributeType.AS4_AGGREGATOR:
          if (session.fourOctetAs()) {
            discard = "AS4_AGGREGATOR on a 4-octet session";
          } else {
            as4Aggregator = aggregator(buf, v, len, 4);
            if (as4Aggregator == null) {
              discard = "AS4_AGGREGATOR has length " + len + ", expected 8";
            }
          }
          break;
        case AttributeType.AS4_PATH:
          if (session.fourOctetAs()) {
            discard = "AS4_PATH on a 4-octet session";
          } else {
            as4Path = AsPathCodec.decode(buf, v, len, 4);
            if (as4Path == null) {
              discard = "AS4_PATH of " + len + " bytes is malformed";
            }
          }
          break;
        case AttributeType.COMMUNITIES:
          if (len == 0 || len % 4 != 0) {
            withdraw = first(withdraw, "COMMUNITIES has length " + len + ", not a multiple of 4");
          } else {
            List<Community> list = new ArrayList<>(len / 4);
            for (int k = v; k < v + len; k += 4) {
              list.add(Community.of(buf.getInt(k)));
            }
            b.communities(list);
          }
          break;
        case AttributeType.LARGE_COMMUNITIES:
          if (len == 0 || len % 12 != 0) {
            withdraw =
                first(withdraw, "LARGE_COMMUNITY has length " + len + ", not a multiple of 12");
          } else {
            List<LargeCommunity> list = new ArrayList<>(len / 12);
            for (int k = v; k < v + len; k += 12) {
              list.add(LargeCommunity.ofBits(buf.getInt(k), buf.getInt(k + 4), buf.getInt(k + 8)));
            }
            b.largeCommunities(list);
          }
          break;
        case AttributeType.ORIGINATOR_ID:
          if (!session.internal()) {
            discard = "ORIGINATOR_ID from an external peer";
          } else if (len != 4) {
            withdraw = first(withdraw, "ORIGINATOR_ID has length " + len + ", expected 4");
          } else {
            b.originatorId(Ipv4Address.of(buf.getInt(v)));
          }
          break;
        case AttributeType.CLUSTER_LIST:
          if (!session.internal()) {
            discard = "CLUSTER_LIST from an external peer";
          } else if (len == 0 || len % 4 != 0) {
            withdraw = first(withdraw, "CLUSTER_LIST has length " + len + ", not a multiple of 4");
          } else {
            List<Ipv4Address> list = new ArrayList<>(len / 4);
            for (int k = v; k < v + len; k += 4) {
              list.add(Ipv4Address.of(buf.getInt(k)));
            }
            b.clusterList(list);
          }
          break;
        default:
          throw new IllegalStateException("no decoder for known attribute " + type);
      }
    }
    if (withdraw != null) {
      return DecodedAttributes.withdraw(withdraw);
    }
    if (asPath == null) {
      asPath = AsPath.EMPTY; // the UpdateDecoder withdraws announcements that lack AS_PATH
    }
    if (!session.fourOctetAs()) {
      // RFC 6793 section 4.2.3: AS4_* are ignored when AGGREGATOR names a real 2-octet AS.
      if (aggregator != null && aggregator.asn() != BgpWire.AS_TRANS) {
        as4Path = null;
        as4Aggregator = null;
      }
      if (as4Aggregator != null) {
        aggregator = as4Aggregator;
      }
      if (as4Path != null) {
        asPath = AsPathCodec.merge(asPath, as4Path);
      }
    }
    b.asPath(asPath).aggregator(aggregator).unknown(unknown);
    return new DecodedAttributes(b.build(), null, null, discard);
  }

  private static @Nullable Aggregator aggregator(ByteBuf buf, int v, int len, int asSize) {
    if (len != asSize + 4) {
      return null;
    }
    long asn = asSize == 4 ? buf.getUnsignedInt(v) : buf.getUnsignedShort(v);
    return new Aggregator(asn, Ipv4Address.of(buf.getInt(v + asSize)));
  }

  private static String first(@Nullable String existing, String reason) {
    return existing != null ? existing : reason;
  }
}
