package dev.gingham.spi.dataplane;

import org.jspecify.annotations.Nullable;

/** The process may not do this */
public class DataplanePermissionException extends DataplaneException {
  public DataplanePermissionException(
      String object, @Nullable String errno, @Nullable String detail) {
    super(object, errno, detail);
  }
}
