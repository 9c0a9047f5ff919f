package dev.gingham.dataplane.linux.netlink;

/**
 * A netlink message is malformed: a length that runs past its container, a missing or short
 * attribute. The message names the offset, the length and the limit it broke.
 */
public final class NetlinkFormatException extends IllegalArgumentException {
  public NetlinkFormatException(String message) {
    super(message);
  }

  /**
   * Checks that a message of {@code length} bytes holds its headers.
   *
   * @throws NetlinkFormatException naming the message kind, its length and the minimum
   */
  public static void requireLength(String what, int length, int headers) {
    if (length < headers) {
      throw new NetlinkFormatException(
          what + " message of " + length + " bytes is shorter than its headers (" + headers + ")");
    }
  }
}
