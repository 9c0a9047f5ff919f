package dev.gingham.internal.bgp.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Real binaries the interop tests need: under CI=true a missing one fails, else it skips. */
final class Prerequisites {
  private Prerequisites() {}

  static Path require(String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String message = "missing prerequisite: " + String.join(" or ", candidates);
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " (CI=true: a missing prerequisite fails the test)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
