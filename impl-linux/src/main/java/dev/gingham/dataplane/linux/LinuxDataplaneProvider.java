package dev.gingham.dataplane.linux;

import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the Linux dataplane ({@code "linux"}), which wins over the simulated one wherever it can
 * run: on 64-bit Linux, with {@code CAP_NET_ADMIN} and {@code CAP_SYS_ADMIN} (for {@code setns} and
 * the mounts of named namespaces) in the process's effective capabilities.
 */
public final class LinuxDataplaneProvider implements DataplaneProvider {
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Optional<String> unavailableReason() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return Optional.of("not Linux but " + System.getProperty("os.name"));
    }
    String arch = System.getProperty("os.arch", "");
    if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
      return Optional.of("the netlink client supports 64-bit x86 and ARM, not " + arch);
    }
    long caps;
    try {
      caps = effectiveCapabilities(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return Optional.of("cannot read capabilities from /proc/self/status: " + e.getMessage());
    }
    if ((caps & (1L << CAP_NET_ADMIN)) == 0) {
      return Optional.of("no CAP_NET_ADMIN (run as root)");
    }
    if ((caps & (1L << CAP_SYS_ADMIN)) == 0) {
      return Optional.of("no CAP_SYS_ADMIN, needed to enter and create namespaces");
    }
    return Optional.empty();
  }

  /**
   * The {@code CapEff} mask of a {@code /proc/PID/status} text.
   *
   * @throws IllegalArgumentException if there is none, or it is not hexadecimal
   */
  static long effectiveCapabilities(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("CapEff:")) {
        String hex = line.substring("CapEff:".length()).strip();
        if (hex.isEmpty() || hex.length() > 16) {
          throw new IllegalArgumentException("CapEff '" + hex + "' is not a 64-bit mask");
        }
        return Long.parseUnsignedLong(hex, 16);
      }
    }
    throw new IllegalArgumentException("no CapEff line");
  }

  @Override
  public Dataplane open() {
    return LinuxDataplane.open();
  }
}
