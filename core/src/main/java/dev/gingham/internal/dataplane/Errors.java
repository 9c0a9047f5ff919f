package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplaneUnsupportedException;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import dev.gingham.spi.dataplane.ObjectExistsException;

/** The SPI's exceptions with the errno names the kernel would give. */
final class Errors {
  private Errors() {}

  static ObjectExistsException exists(String object, String detail) {
    return new ObjectExistsException(object, "EEXIST", detail);
  }

  static NoSuchObjectException noDevice(String object, String device) {
    return new NoSuchObjectException(object, "ENODEV", "no device " + device);
  }

  static NoSuchObjectException noEntry(String object, String detail) {
    return new NoSuchObjectException(object, "ENOENT", detail);
  }

  static NoSuchObjectException noProcess(String object, String detail) {
    return new NoSuchObjectException(object, "ESRCH", detail);
  }

  static DataplaneException invalid(String object, String detail) {
    return new DataplaneException(object, "EINVAL", detail);
  }

  static DataplaneException busy(String object, String detail) {
    return new DataplaneException(object, "EBUSY", detail);
  }

  static DataplaneException networkDown(String object, String device) {
    return new DataplaneException(object, "ENETDOWN", "device " + device + " is down");
  }

  static DataplaneException unreachable(String object, String detail) {
    return new DataplaneException(object, "ENETUNREACH", detail);
  }

  static DataplaneUnsupportedException unsupported(String object, String detail) {
    return new DataplaneUnsupportedException(object, "EOPNOTSUPP", detail);
  }
}
