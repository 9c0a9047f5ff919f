package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplanePermissionException;
import dev.gingham.spi.dataplane.DataplaneUnsupportedException;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import dev.gingham.spi.dataplane.ObjectExistsException;
import org.jspecify.annotations.Nullable;

/**
 * The SPI's exceptions for the kernel's errors: the object concerned, the errno's name and the
 * kernel's own explanation, as {@code "route 10.1.0.0/26 via 10.0.0.2 proto 80: EEXIST (File
 * exists)"}. Stateless.
 */
final class KernelErrors {
  private KernelErrors() {}

  /** The exception for an errno, with the kernel's explanation (or another detail) if any. */
  static DataplaneException of(String object, int errno, @Nullable String detail) {
    String name = errno == 0 ? null : Errno.name(errno);
    switch (errno) {
      case Errno.EEXIST:
        return new ObjectExistsException(object, name, detail);
      case Errno.ENODEV:
      case Errno.ENOENT:
      case Errno.ESRCH:
        return new NoSuchObjectException(object, name, detail);
      case Errno.EPERM:
      case Errno.EACCES:
        return new DataplanePermissionException(
            object, name, detail != null ? detail : "needs CAP_NET_ADMIN in the namespace's owner");
      case Errno.EOPNOTSUPP:
        return new DataplaneUnsupportedException(object, name, detail);
      default:
        return new DataplaneException(object, name, detail);
    }
  }

  /** The exception for a failed netlink request or system call. */
  static DataplaneException of(String object, NetlinkException e) {
    String detail = e.errno() == 0 ? e.getMessage() : e.kernelMessage();
    DataplaneException d = of(object, e.errno(), detail);
    d.initCause(e);
    return d;
  }

  /** A device the request needs is missing. */
  static NoSuchObjectException noDevice(String object, String device) {
    return new NoSuchObjectException(object, "ENODEV", "no device " + device);
  }
}
