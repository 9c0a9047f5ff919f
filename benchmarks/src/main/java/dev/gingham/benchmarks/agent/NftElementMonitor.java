package dev.gingham.benchmarks.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * When each IPv4 address first appeared in an nftables set element of a namespace, as {@code nft
 * monitor} reports the kernel's changes: event-driven, so that timing a pod's address costs the
 * measured agents no CPU (polling {@code nft list ruleset} spawned three processes every few
 * milliseconds on a two-core machine) and its resolution is the pipe's, not a ruleset dump's. Close
 * it to stop the monitor process.
 */
final class NftElementMonitor implements AutoCloseable {
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])");

  private final Process process;
  private final Thread reader;
  private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

  private NftElementMonitor(Process process, String name) {
    this.process = process;
    this.reader = new Thread(this::read, "nft-monitor-" + name);
    reader.setDaemon(true);
  }

  /** Starts {@code nft monitor} in the named network namespace. */
  static NftElementMonitor start(String netns) throws IOException {
    Process p =
        new ProcessBuilder("ip", "netns", "exec", netns, "nft", "monitor")
            .redirectErrorStream(true)
            .start();
    NftElementMonitor m = new NftElementMonitor(p, netns);
    m.reader.start();
    return m;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        if (line.startsWith("add element")) {
          Matcher m = IPV4.matcher(line);
          while (m.find()) {
            firstSeen.putIfAbsent(m.group(1), now);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** When the address first appeared in an added element ({@link System#nanoTime()}), or null. */
  @Nullable Long seen(String address) {
    return firstSeen.get(address);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
