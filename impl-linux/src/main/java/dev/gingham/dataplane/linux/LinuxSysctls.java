package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplanePermissionException;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Kernel parameters through {@code /proc/sys}, which shows the parameters of the namespace of the
 * thread that opens a file there: each read or write runs on the namespace worker while it is
 * inside the namespace.
 */
final class LinuxSysctls implements Sysctls {
  private static final Path PROC_SYS = Path.of("/proc/sys");

  private final LinuxDataplane dp;

  LinuxSysctls(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public String get(NetworkNamespace ns, Sysctl sysctl) {
    NetnsHandle h = dp.handle(ns);
    String object = "sysctl " + sysctl + " in " + h.name();
    Path file = PROC_SYS.resolve(sysctl.path());
    String value =
        call(
            h,
            object,
            () -> {
              try {
                return Files.readString(file, StandardCharsets.US_ASCII);
              } catch (IOException e) {
                throw failure(object, e);
              }
            });
    return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
  }

  @Override
  public void set(NetworkNamespace ns, Sysctl sysctl, String value) {
    NetnsHandle h = dp.handle(ns);
    String object = "sysctl " + sysctl + " = " + value + " in " + h.name();
    Path file = PROC_SYS.resolve(sysctl.path());
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    call(
        h,
        object,
        () -> {
          try {
            Files.write(file, bytes, StandardOpenOption.WRITE);
            return null;
          } catch (IOException e) {
            throw failure(object, e);
          }
        });
  }

  /** Runs a task inside the namespace; failing to enter it is the namespace's error. */
  private static <T> T call(NetnsHandle h, String object, java.util.concurrent.Callable<T> task) {
    try {
      return h.call(task);
    } catch (NetlinkException e) {
      throw KernelErrors.of(object, e);
    }
  }

  private static RuntimeException failure(String object, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new NoSuchObjectException(object, "ENOENT", "no such parameter");
    }
    if (e instanceof AccessDeniedException) {
      return new DataplanePermissionException(object, "EACCES", e.getMessage());
    }
    // The JDK reports a refused write as a plain IOException with strerror's text.
    String reason =
        e instanceof FileSystemException
            ? ((FileSystemException) e).getReason()
            : String.valueOf(e.getMessage());
    if (reason != null && reason.contains("Invalid argument")) {
      return new DataplaneException(object, "EINVAL", "the kernel refuses the value");
    }
    if (reason != null && reason.contains("Operation not permitted")) {
      return new DataplanePermissionException(object, "EPERM", reason);
    }
    return new DataplaneException(object, null, reason);
  }
}
