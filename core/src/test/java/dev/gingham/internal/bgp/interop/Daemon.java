package dev.gingham.internal.bgp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real daemon started for a test, with its output in a log file; stopped in close(). */
final class Daemon implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private Daemon(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Daemon start(String name, Path dir, String... command) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Daemon(name, p, log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a signal by number (SIGSTOP 19, SIGCONT 18, SIGKILL 9). */
  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor(5, TimeUnit.SECONDS);
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    if (process.isAlive()) {
      signal("CONT");
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  /** Runs a command to completion (bounded) and returns its output. */
  static String run(Duration timeout, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Waits until the condition holds, polling, or fails with the message and the logs. */
  static void await(Duration timeout, String what, BooleanSupplier condition, Daemon... daemons)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    List<String> logs = new ArrayList<>();
    for (Daemon d : daemons) {
      String l = d.log();
      logs.add(d + ":\n" + (l.length() > 4000 ? l.substring(l.length() - 4000) : l));
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + "\n" + String.join("\n", logs));
  }
}
