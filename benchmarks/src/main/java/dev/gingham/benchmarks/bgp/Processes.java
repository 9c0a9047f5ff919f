package dev.gingham.benchmarks.bgp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the harnesses need of other processes: bounded runs, free ports and peak memory. */
final class Processes {
  private Processes() {}

  /** Runs a command to completion, for at most {@code seconds}, and returns its output. */
  static String run(long seconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out after " + seconds + " s: " + String.join(" ", command));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** A free TCP port on a loopback address. */
  static int freePort(String address) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The peak resident set size of a live process, in bytes (VmHWM), or -1 if unknown. */
  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * The CPU time a live process has used, user and system, in seconds (from /proc/PID/stat, in
   * clock ticks of 1/100 s), or -1 if unknown.
   */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Stops a process: TERM, then KILL after five seconds. */
  static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** The first whole number in {@code text}, or -1. */
  static long firstNumber(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(text);
    return m.find() ? Long.parseLong(m.group()) : -1;
  }
}
