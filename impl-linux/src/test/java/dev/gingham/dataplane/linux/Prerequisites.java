package dev.gingham.dataplane.linux;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel tests need: root, nft, ip, bridge, nsenter and unshare. Under CI=true a lack
 * fails the test.
 */
public final class Prerequisites {
  private Prerequisites() {}

  public static void require() {
    String missing = null;
    if (!"root".equals(System.getProperty("user.name"))) {
      missing = "root";
    } else {
      for (String tool : new String[] {"nft", "ip", "bridge", "nsenter", "unshare"}) {
        if (!onPath(tool)) {
          missing = tool;
          break;
        }
      }
    }
    if (missing != null) {
      missing(missing);
    }
  }

  /**
   * Reports a missing prerequisite: under CI=true the test fails, otherwise it is skipped.
   *
   * @param what what is missing, for the message
   */
  public static void missing(String what) {
    if ("true".equals(System.getenv("CI"))) {
      fail("kernel test needs " + what + " (CI=true: a missing prerequisite fails)");
    }
    assumeTrue(false, "kernel test needs " + what);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
