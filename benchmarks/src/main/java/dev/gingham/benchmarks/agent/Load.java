package dev.gingham.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, which every figure is reported with. */
final class Load {
  private Load() {}

  static String average() {
    try {
      return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "load average unknown (" + e.getMessage() + ")";
    }
  }
}
