package dev.gingham.spi.dataplane;

import org.jspecify.annotations.Nullable;

/** The object, or one it needs (a device, a namespace), does not exist (ENOENT, ENODEV, ESRCH). */
public class NoSuchObjectException extends DataplaneException {
  public NoSuchObjectException(String object, @Nullable String errno, @Nullable String detail) {
    super(object, errno, detail);
  }
}
