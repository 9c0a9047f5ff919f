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
      if ("true".equals(System.getenv("CI"))) {
        fail("kernel test needs " + missing + " (CI=true: a missing prerequisite fails)");
      }
      assumeTrue(false, "kernel test needs " + missing);
    }
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
