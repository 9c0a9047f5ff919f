package dev.gingham.spi.dataplane;

import org.jspecify.annotations.Nullable;

/**
 * A dataplane operation failed. The message names the object and the kernel's error, as {@code
 * "route 10.1.0.0/26 via 10.0.0.2: EEXIST"}. Subclasses mark the errors callers handle.
 */
public class DataplaneException extends RuntimeException {
  private final String object;
  private final @Nullable String errno;

  /**
   * Makes an exception.
   *
   * @param object what the operation acted on, as {@code "route 10.1.0.0/26 via 10.0.0.2"}
   * @param errno the kernel's error name, such as {@code "EEXIST"}, or null when there is none
   * @param detail more to say, or null
   */
  public DataplaneException(String object, @Nullable String errno, @Nullable String detail) {
    super(message(object, errno, detail));
    this.object = object;
    this.errno = errno;
  }

  public DataplaneException(
      String object, @Nullable String errno, @Nullable String detail, Throwable cause) {
    super(message(object, errno, detail), cause);
    this.object = object;
    this.errno = errno;
  }

  private static String message(String object, @Nullable String errno, @Nullable String detail) {
    StringBuilder s = new StringBuilder(object);
    if (errno != null) {
      s.append(": ").append(errno);
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(errno == null ? ": " : " (").append(detail).append(errno == null ? "" : ")");
    }
    return s.toString();
  }

  /** What the operation acted on. */
  public String object() {
    return object;
  }

  /** The kernel's error name, or null. */
  public @Nullable String errno() {
    return errno;
  }
}
