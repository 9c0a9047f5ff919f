package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * An OPEN message (RFC 4271 section 4.2) with its capabilities.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param version the BGP version, 4
 * @param myAs the 2-octet AS field (AS_TRANS for a 4-octet AS)
 * @param holdTime the proposed hold time in seconds
 * @param bgpId the BGP identifier
 * @param capabilities the capabilities
 */
public record OpenMessage(
    int version, int myAs, int holdTime, int bgpId, Capabilities capabilities) {
  /** The smallest body: the fixed fields. */
  public static final int MIN_BODY = 10;

  /** The optional parameter that carries capabilities. */
  public static final int PARAMETER_CAPABILITIES = 2;

  /**
   * Decodes an OPEN body of {@code length} bytes at {@code index}; the framer has checked that it
   * is at least {@link #MIN_BODY}. Semantic checks (version, AS, hold time, identifier) are the
   * session's, which knows what to expect.
   *
   * @throws NotificationException (2/0) if the optional parameters do not fill the body exactly or
   *     a capability is malformed, (2/4) for an optional parameter other than capabilities
   */
  public static OpenMessage decode(ByteBuf buf, int index, int length) {
    int optLength = buf.getUnsignedByte(index + 9);
    if (MIN_BODY + optLength != length) {
      throw new NotificationException(
          ErrorCodes.OPEN,
          0,
          "optional parameters length "
              + optLength
              + " does not match the OPEN body of "
              + length
              + " bytes");
    }
    Capabilities.Accumulator caps = new Capabilities.Accumulator();
    int i = index + MIN_BODY;
    int end = i + optLength;
    while (i < end) {
      if (end - i < 2) {
        throw new NotificationException(
            ErrorCodes.OPEN, 0, "an optional parameter needs 2 bytes, " + (end - i) + " left");
      }
      int type = buf.getUnsignedByte(i);
      int len = buf.getUnsignedByte(i + 1);
      if (i + 2 + len > end) {
        throw new NotificationException(
            ErrorCodes.OPEN, 0, "optional parameter of length " + len + " overruns the OPEN");
      }
      if (type != PARAMETER_CAPABILITIES) {
        throw new NotificationException(
            ErrorCodes.OPEN,
            ErrorCodes.OPEN_UNSUPPORTED_PARAMETER,
            "unsupported optional parameter type " + type);
      }
      Capabilities.decode(buf, i + 2, len, caps);
      i += 2 + len;
    }
    return new OpenMessage(
        buf.getUnsignedByte(index),
        buf.getUnsignedShort(index + 1),
        buf.getUnsignedShort(index + 3),
        buf.getInt(index + 5),
        caps.build());
  }

  /** Writes the whole message, header included. */
  public void encode(ByteBuf out) {
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_OPEN);
    out.writeByte(version).writeShort(myAs).writeShort(holdTime).writeInt(bgpId);
    int optLenAt = out.writerIndex();
    out.writeByte(0);
    out.writeByte(PARAMETER_CAPABILITIES);
    int paramLenAt = out.writerIndex();
    out.writeByte(0);
    capabilities.encode(out);
    int paramLen = out.writerIndex() - paramLenAt - 1;
    out.setByte(paramLenAt, paramLen);
    out.setByte(optLenAt, paramLen + 2);
    BgpWire.finishMessage(out, start);
  }
}
