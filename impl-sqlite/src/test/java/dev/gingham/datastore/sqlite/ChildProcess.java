package dev.gingham.datastore.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SqliteChild} in a JVM of its own, with its stdout read line by line and its stderr kept
 * in a file for failure messages. Close it to make sure it is dead.
 */
final class ChildProcess implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  private final String name;
  private final Process process;
  private final Path stderr;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::readStdout, "stdout-of-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code SqliteChild args...} on this JVM's class path. */
  static ChildProcess start(Path dir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx192m");
    command.add("-XX:+UseSerialGC");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SqliteChild.class.getName());
    command.addAll(List.of(args));
    Path stderr = dir.resolve(name + ".stderr");
    Process process =
        new ProcessBuilder(command)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new ChildProcess(name, process, stderr);
  }

  private void readStdout() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process died; what it printed before is in the queue.
    } finally {
      lines.add(EOF);
    }
  }

  /**
   * The next line the child printed.
   *
   * @throws AssertionError if none comes in time or the child ended
   */
  String nextLine(Duration timeout) throws InterruptedException {
    Optional<String> line = nextLineOrEnd(timeout);
    if (line.isEmpty()) {
      throw new AssertionError(name + " ended without printing the expected line" + diagnosis());
    }
    return line.get();
  }

  /**
   * The next line the child printed, or empty once its output ended.
   *
   * @throws AssertionError if neither happens in time
   */
  Optional<String> nextLineOrEnd(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError(name + " printed nothing within " + timeout + diagnosis());
    }
    if (line.equals(EOF)) {
      lines.add(EOF);
      return Optional.empty();
    }
    return Optional.of(line);
  }

  /** Sends the child a line on its stdin. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /**
   * Waits for the child to exit.
   *
   * @return its exit code
   * @throws AssertionError if it does not exit in time
   */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + diagnosis());
    }
    return process.exitValue();
  }

  /** Kills the child with SIGKILL and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL for 30s");
    }
  }

  /** What the child wrote on stderr, for failure messages. */
  String diagnosis() {
    try {
      String err = Files.exists(stderr) ? Files.readString(stderr) : "";
      return err.isBlank() ? " (stderr empty)" : "; its stderr:\n" + err;
    } catch (IOException e) {
      return " (stderr unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
