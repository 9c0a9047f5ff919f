package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Finds whole messages in a stream of bytes and checks their headers (RFC 4271 section 6.1).
 *
 * <p>{@link #frameLength(ByteBuf)} never moves the reader index: it returns -1 on partial input so
 * that the caller waits for more, the length of a whole, well-formed header otherwise, and throws
 * for a header that can never be valid.
 */
public final class MessageFramer {
  private MessageFramer() {}

  /**
   * The length of the message at the reader index, or -1 if its header or body is not all there.
   *
   * @throws NotificationException for a marker that is not all ones (1/1), a length outside
   *     19..4096 or wrong for the type (1/2), or an unknown type (1/3)
   */
  public static int frameLength(ByteBuf in) {
    return frameLength(in, BgpWire.MAX_MESSAGE_LENGTH);
  }

  /**
   * As {@link #frameLength(ByteBuf)}, with UPDATE and NOTIFICATION allowed up to {@code maxLength}
   * bytes: {@link BgpWire#MAX_EXTENDED_MESSAGE_LENGTH} once extended messages are negotiated (RFC
   * 8654). OPEN and KEEPALIVE keep their RFC 4271 limits.
   *
   * @throws NotificationException as {@link #frameLength(ByteBuf)} does
   */
  public static int frameLength(ByteBuf in, int maxLength) {
    int start = in.readerIndex();
    if (in.readableBytes() < BgpWire.HEADER_LENGTH) {
      return -1;
    }
    if (in.getLong(start) != -1L || in.getLong(start + 8) != -1L) {
      throw new NotificationException(
          ErrorCodes.HEADER,
          ErrorCodes.HEADER_NOT_SYNCHRONIZED,
          "the message marker is not 16 bytes of 0xff");
    }
    int length = in.getUnsignedShort(start + BgpWire.LENGTH_OFFSET);
    int type = in.getUnsignedByte(start + BgpWire.TYPE_OFFSET);
    int min;
    int max = BgpWire.MAX_MESSAGE_LENGTH;
    switch (type) {
      case BgpWire.TYPE_OPEN:
        min = BgpWire.HEADER_LENGTH + OpenMessage.MIN_BODY;
        break;
      case BgpWire.TYPE_UPDATE:
        min = BgpWire.HEADER_LENGTH + 4;
        max = maxLength;
        break;
      case BgpWire.TYPE_NOTIFICATION:
        min = BgpWire.HEADER_LENGTH + NotificationMessage.MIN_BODY;
        max = maxLength;
        break;
      case BgpWire.TYPE_KEEPALIVE:
        min = BgpWire.HEADER_LENGTH;
        max = BgpWire.HEADER_LENGTH;
        break;
      case BgpWire.TYPE_ROUTE_REFRESH:
        min = BgpWire.HEADER_LENGTH + RouteRefreshMessage.BODY;
        max = min;
        break;
      default:
        throw new NotificationException(
            ErrorCodes.HEADER,
            ErrorCodes.HEADER_BAD_TYPE,
            new byte[] {(byte) type},
            "unknown message type " + type);
    }
    if (length < min || length > max) {
      throw new NotificationException(
          ErrorCodes.HEADER,
          ErrorCodes.HEADER_BAD_LENGTH,
          new byte[] {(byte) (length >>> 8), (byte) length},
          "message length "
              + length
              + " is not in "
              + min
              + ".."
              + max
              + " for message type "
              + type);
    }
    return in.readableBytes() < length ? -1 : length;
  }
}
