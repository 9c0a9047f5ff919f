package dev.gingham.internal.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A NOTIFICATION message (RFC 4271 section 4.5).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param code the error code
 * @param subcode the error subcode
 * @param data the data, not copied
 */
public record NotificationMessage(int code, int subcode, byte[] data) {
  /** The smallest body: code and subcode. */
  public static final int MIN_BODY = 2;

  /**
   * Decodes a body of {@code length} bytes at {@code index}, which the framer has checked to be at
   * least {@link #MIN_BODY}.
   */
  public static NotificationMessage decode(ByteBuf buf, int index, int length) {
    byte[] data = new byte[length - 2];
    buf.getBytes(index + 2, data);
    return new NotificationMessage(
        buf.getUnsignedByte(index), buf.getUnsignedByte(index + 1), data);
  }

  /** Writes the whole message, header included. */
  public void encode(ByteBuf out) {
    int start = BgpWire.writeHeader(out, BgpWire.TYPE_NOTIFICATION);
    out.writeByte(code).writeByte(subcode).writeBytes(data);
    BgpWire.finishMessage(out, start);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NotificationMessage
        && ((NotificationMessage) o).code == code
        && ((NotificationMessage) o).subcode == subcode
        && Arrays.equals(((NotificationMessage) o).data, data);
  }

  @Override
  public int hashCode() {
    return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return ErrorCodes.describe(code, subcode)
        + (data.length > 0 ? " data " + HexFormat.of().formatHex(data) : "");
  }
}
