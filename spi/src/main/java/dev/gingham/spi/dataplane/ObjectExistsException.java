package dev.gingham.spi.dataplane;

import org.jspecify.annotations.Nullable;

/** The object already exists (EEXIST). */
public class ObjectExistsException extends DataplaneException {
  public ObjectExistsException(String object, @Nullable String errno, @Nullable String detail) {
    super(object, errno, detail);
  }
}
