package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The BGP message header (RFC 4271 section 4.1) and the layout constants every message shares.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker (16 x 0xFF)                  |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class BgpWire {
  /** The marker's length. */
  public static final int MARKER_LENGTH = 16;

  /** The header's length: marker, length, type. */
  public static final int HEADER_LENGTH = 19;

  /** The offset of the length field. */
  public static final int LENGTH_OFFSET = 16;

  /** The offset of the type field. */
  public static final int TYPE_OFFSET = 18;

  /** The largest message without the extended message capability (RFC 4271). */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  /**
   * The largest UPDATE, NOTIFICATION or ROUTE-REFRESH when both sides announced extended messages
   * (RFC 8654); OPEN and KEEPALIVE stay within {@link #MAX_MESSAGE_LENGTH}.
   */
  public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

  /** OPEN. */
  public static final int TYPE_OPEN = 1;

  /** UPDATE. */
  public static final int TYPE_UPDATE = 2;

  /** NOTIFICATION. */
  public static final int TYPE_NOTIFICATION = 3;

  /** KEEPALIVE. */
  public static final int TYPE_KEEPALIVE = 4;

  /** ROUTE-REFRESH. */
  public static final int TYPE_ROUTE_REFRESH = 5;

  /** AS_TRANS, the 2-octet stand-in for a 4-octet AS (RFC 6793). */
  public static final int AS_TRANS = 23456;

  private BgpWire() {}

  /** Writes a header with a placeholder length; returns the message's start index. */
  public static int writeHeader(ByteBuf out, int type) {
    int start = out.writerIndex();
    out.writeLong(-1L).writeLong(-1L).writeShort(0).writeByte(type);
    return start;
  }

  /**
   * Fills in the length of the message that started at {@code start}.
   *
   * @throws IllegalStateException if the message is longer than 4096 bytes, which is a bug in the
   *     encoder that wrote it
   */
  public static void finishMessage(ByteBuf out, int start) {
    finishMessage(out, start, MAX_MESSAGE_LENGTH);
  }

  /**
   * Fills in the length of the message that started at {@code start}, which may be up to {@code
   * maxLength} bytes long.
   *
   * @throws IllegalStateException if the message is longer, which is a bug in its encoder
   */
  public static void finishMessage(ByteBuf out, int start, int maxLength) {
    int length = out.writerIndex() - start;
    if (length > maxLength) {
      throw new IllegalStateException(
          "encoded a " + length + "-byte message; the limit is " + maxLength);
    }
    out.setShort(start + LENGTH_OFFSET, length);
  }

  /** Writes a KEEPALIVE. */
  public static void writeKeepalive(ByteBuf out) {
    int start = writeHeader(out, TYPE_KEEPALIVE);
    finishMessage(out, start);
  }

  /** The number of bytes the address part of a prefix of this length takes. */
  public static int prefixBytes(int length) {
    return (length + 7) >>> 3;
  }

  /** Writes an IPv4 prefix in NLRI form: length, then the significant bytes. */
  public static void writeIpv4Prefix(ByteBuf out, int address, int length) {
    out.writeByte(length);
    int n = prefixBytes(length);
    for (int i = 0; i < n; i++) {
      out.writeByte(address >>> (24 - 8 * i));
    }
  }

  /** Writes an IPv6 prefix in NLRI form. */
  public static void writeIpv6Prefix(ByteBuf out, long high, long low, int length) {
    out.writeByte(length);
    int n = prefixBytes(length);
    for (int i = 0; i < n; i++) {
      long word = i < 8 ? high : low;
      out.writeByte((int) (word >>> (56 - 8 * (i & 7))));
    }
  }
}
