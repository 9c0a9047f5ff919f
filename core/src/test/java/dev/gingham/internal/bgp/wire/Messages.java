package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;

/** Splits encoded messages and decodes UPDATE bodies, for tests. */
final class Messages {
  private Messages() {}

  /** Decodes every UPDATE in {@code buf} into {@code handler}; returns the number of messages. */
  static int decodeUpdates(ByteBuf buf, UpdateDecoder decoder, UpdateHandler handler) {
    return decodeUpdates(buf, decoder, handler, BgpWire.MAX_MESSAGE_LENGTH);
  }

  /** As above, with UPDATEs up to {@code maxLength} bytes (extended messages). */
  static int decodeUpdates(
      ByteBuf buf, UpdateDecoder decoder, UpdateHandler handler, int maxLength) {
    int n = 0;
    while (buf.isReadable()) {
      int length = MessageFramer.frameLength(buf, maxLength);
      if (length < 0) {
        throw new AssertionError("a partial message was left: " + buf.readableBytes() + " bytes");
      }
      int start = buf.readerIndex();
      if (buf.getUnsignedByte(start + BgpWire.TYPE_OFFSET) != BgpWire.TYPE_UPDATE) {
        throw new AssertionError("not an UPDATE");
      }
      decoder.decode(buf, start + BgpWire.HEADER_LENGTH, length - BgpWire.HEADER_LENGTH, handler);
      buf.skipBytes(length);
      n++;
    }
    return n;
  }
}
