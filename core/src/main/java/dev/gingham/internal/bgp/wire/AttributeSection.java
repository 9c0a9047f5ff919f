package dev.gingham.internal.bgp.wire;

import static dev.gingham.internal.bgp.wire.AttributeType.FLAG_EXTENDED;

import dev.gingham.bgp.PathAttributes;
import io.netty.buffer.ByteBuf;

/**
 * A path attribute section outside an UPDATE, as MRT records carry them (RFC 6396 section 4.3.4):
 * framing, finding one attribute, decoding the rest, and encoding. Stateless; thread-safe.
 */
public final class AttributeSection {
  private AttributeSection() {}

  /**
   * The first attribute of {@code type} in {@code [start, end)} as {@code valueOffset << 32 |
   * valueLength}, or -1 if there is none.
   *
   * @throws IllegalArgumentException naming the attribute if a header or value overruns the section
   */
  public static long find(ByteBuf buf, int start, int end, int type) {
    int i = start;
    while (i < end) {
      if (end - i < 3) {
        throw new IllegalArgumentException(
            "an attribute header needs 3 bytes, " + (end - i) + " left");
      }
      int flags = buf.getUnsignedByte(i);
      int t = buf.getUnsignedByte(i + 1);
      int hdr = (flags & FLAG_EXTENDED) != 0 ? 4 : 3;
      if (end - i < hdr) {
        throw new IllegalArgumentException(
            "an extended attribute header needs 4 bytes, " + (end - i) + " left");
      }
      int len = hdr == 4 ? buf.getUnsignedShort(i + 2) : buf.getUnsignedByte(i + 2);
      if (i + hdr + len > end) {
        throw new IllegalArgumentException(
            "attribute "
                + t
                + " of length "
                + len
                + " overruns the section by "
                + (i + hdr + len - end)
                + " bytes");
      }
      if (t == type) {
        return (long) (i + hdr) << 32 | len;
      }
      i += hdr + len;
    }
    return -1;
  }

  /**
   * Decodes the attributes in {@code [start, end)}, MP_REACH_NLRI and MP_UNREACH_NLRI aside, with
   * RFC 7606's rules for {@code session}. The section must have been framed by {@link #find}.
   *
   * @throws NotificationException for an unrecognized well-known attribute
   */
  public static DecodedAttributes decode(ByteBuf buf, int start, int end, SessionCodec session) {
    return AttributeDecoder.decode(buf, start, end, session);
  }

  /**
   * Writes every attribute but MP_REACH_NLRI, as an UPDATE of {@code session} would carry them;
   * NEXT_HOP only if {@code withNextHop} (the next hop must then be IPv4).
   */
  public static void encode(
      ByteBuf out, PathAttributes attributes, SessionCodec session, boolean withNextHop) {
    new UpdateEncoder(session).writeAttributes(out, attributes, withNextHop);
  }
}
