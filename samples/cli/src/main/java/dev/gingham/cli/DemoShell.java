package dev.gingham.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo's helper programs ({@code ip}, {@code bird}, {@code iperf3}), every one bounded in
 * time, and keeps the long-running ones so that they are stopped on the way out, even on Ctrl-C.
 */
public final class DemoShell implements AutoCloseable {
  /** What a command said. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private final List<Process> background = new ArrayList<>();

  /**
   * Runs a command to its end, at most {@code seconds}; a command over time is killed (exit 124).
   */
  Result run(int seconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      return new Result(124, "timed out after " + seconds + " s: " + String.join(" ", command));
    }
    return new Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Runs a command with extra environment and standard input, at most {@code seconds}. */
  Result run(int seconds, java.util.Map<String, String> env, String stdin, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      return new Result(124, "timed out after " + seconds + " s: " + String.join(" ", command));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out + err);
  }

  /**
   * Runs a command that must succeed.
   *
   * @throws IOException with the command and its output when it fails
   */
  String check(String... command) throws IOException, InterruptedException {
    Result r = run(20, command);
    if (!r.ok()) {
      throw new IOException(
          String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().trim());
    }
    return r.output();
  }

  /** Runs a command in a network namespace, as {@code ip netns exec} does. */
  static String[] in(String namespace, String... command) {
    String[] full = new String[command.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = namespace;
    System.arraycopy(command, 0, full, 4, command.length);
    return full;
  }

  /** Starts a long-running command, its output to {@code log}; it is stopped by {@link #close}. */
  Process start(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    synchronized (background) {
      background.add(p);
    }
    return p;
  }

  /** Stops one background process: SIGTERM, then SIGKILL after 5 s. */
  static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops every background process, in reverse order of start. */
  @Override
  public void close() {
    List<Process> all;
    synchronized (background) {
      all = new ArrayList<>(background);
      background.clear();
    }
    for (Process p : all) {
      p.destroy();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        stop(all.get(i));
      } catch (InterruptedException e) {
        all.get(i).destroyForcibly();
      }
    }
  }

  static String joined(String... command) {
    return String.join(" ", Arrays.asList(command));
  }
}
