package dev.gingham.internal.bgp.wire;

import java.util.HexFormat;

/**
 * A protocol error that ends the session: it carries the NOTIFICATION (code, subcode, data) to send
 * and a message that names the limit or field and the value that broke it.
 */
public final class NotificationException extends RuntimeException {
  private static final byte[] NO_DATA = new byte[0];

  private final int code;
  private final int subcode;
  private final byte[] data;

  /** An error with no data. */
  public NotificationException(int code, int subcode, String message) {
    this(code, subcode, NO_DATA, message);
  }

  /** An error with the data field of the NOTIFICATION. */
  public NotificationException(int code, int subcode, byte[] data, String message) {
    super(message + " [" + ErrorCodes.describe(code, subcode) + "]", null, false, false);
    this.code = code;
    this.subcode = subcode;
    this.data = data;
  }

  /** The NOTIFICATION error code. */
  public int code() {
    return code;
  }

  /** The NOTIFICATION error subcode. */
  public int subcode() {
    return subcode;
  }

  /** The NOTIFICATION data; not copied. */
  public byte[] data() {
    return data;
  }

  /** The NOTIFICATION this error sends. */
  public NotificationMessage toMessage() {
    return new NotificationMessage(code, subcode, data);
  }

  @Override
  public String toString() {
    return getMessage() + (data.length > 0 ? " data " + HexFormat.of().formatHex(data) : "");
  }
}
