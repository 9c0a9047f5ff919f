package dev.gingham.cni;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The delegate server ({@link GinghamCniServer}) run in a test node's namespace, as a host runs
 * {@code gingham cni serve}: started on a socket in the node's directory, ready once the socket
 * exists, its output in a file; {@link #close()} stops it (SIGTERM, then SIGKILL) and waits.
 */
final class DelegateProcess implements AutoCloseable {
  private static final long START_SECONDS = 60;

  final Path socket;
  final Path output;
  private final Process process;

  DelegateProcess(TestNode node) {
    this.socket = node.dir.resolve("cni.sock");
    this.output = node.dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        PluginInstall.mainClassPath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder pb =
        new ProcessBuilder(
            "nsenter",
            "--net=/run/netns/" + node.node,
            java,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
            "-cp",
            cp,
            GinghamCniServer.class.getName(),
            "--socket",
            socket.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!Files.exists(socket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("the delegate server did not start: " + log());
      }
      sleep(50);
    }
  }

  /** Its process id: {@code nsenter} execs the JVM, so this is the JVM's. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills it with SIGKILL and waits for it to die: its socket stays, stale. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** Waits, bounded, until its output has a line containing {@code text}. */
  void awaitLog(String text, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!log().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no \"" + text + "\" in the server's output: " + log());
      }
      sleep(50);
    }
  }

  String log() {
    try {
      return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    waitFor();
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the delegate server did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
