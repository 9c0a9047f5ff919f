package dev.gingham.spi.dataplane;

import org.jspecify.annotations.Nullable;

/** The kernel does not support this, for example a missing module (EOPNOTSUPP). */
public class DataplaneUnsupportedException extends DataplaneException {
  public DataplaneUnsupportedException(
      String object, @Nullable String errno, @Nullable String detail) {
    super(object, errno, detail);
  }
}
