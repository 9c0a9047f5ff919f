package dev.gingham.dataplane.linux.netlink;

/**
 * A netlink message is malformed: a length that runs past its container, a missing or short
 * attribute. The message names the offset, the length and the limit it broke.
 */
public final class NetlinkFormatException extends IllegalArgumentException {
  public NetlinkFormatException(String message) {
    super(message);
  }
}
