package dev.gingham.dataplane.linux.netlink;

import org.jspecify.annotations.Nullable;

/**
 * A netlink request or system call failed: the kernel's errno and, when it gave one, its extended
 * acknowledgement message. The dataplane turns it into a {@code DataplaneException} that names the
 * object concerned.
 */
public final class NetlinkException extends RuntimeException {
  private final int errno;
  private final @Nullable String kernelMessage;

  /**
   * Makes an exception.
   *
   * @param operation what failed, for the message
   * @param errno the errno, or 0 if none applies
   * @param kernelMessage the kernel's extended acknowledgement text, or null
   */
  public NetlinkException(String operation, int errno, @Nullable String kernelMessage) {
    super(
        operation
            + (errno != 0 ? ": " + Errno.name(errno) : "")
            + (kernelMessage != null ? " (" + kernelMessage + ")" : ""));
    this.errno = errno;
    this.kernelMessage = kernelMessage;
  }

  /** The errno, or 0. */
  public int errno() {
    return errno;
  }

  /** The errno's name, such as {@code "EEXIST"}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The kernel's explanation, or null. */
  public @Nullable String kernelMessage() {
    return kernelMessage;
  }
}
