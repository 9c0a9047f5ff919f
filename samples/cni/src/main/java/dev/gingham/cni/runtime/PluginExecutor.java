package dev.gingham.cni.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes a CNI plugin as libcni's {@code invoke} does: the protocol's variables replace any
 * {@code CNI_*} the caller's process has, the configuration goes on stdin, stdout and stderr are
 * read whole, and the run is bounded in time (the process is killed past it). Thread-safe.
 */
public final class PluginExecutor {
  private PluginExecutor() {}

  /**
   * What a plugin run did.
   *
   * @param exit its exit status
   * @param stdout its standard output, stripped
   * @param stderr its standard error, stripped
   */
  public record Exec(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + ", stdout " + stdout + ", stderr " + stderr;
    }
  }

  /**
   * What a plugin run did, byte for byte.
   *
   * @param exit its exit status
   * @param stdout its standard output
   * @param stderr its standard error
   */
  public record RawExec(int exit, byte[] stdout, byte[] stderr) {
    /** The same run as text, stripped. */
    public Exec text() {
      return new Exec(
          exit,
          new String(stdout, StandardCharsets.UTF_8).strip(),
          new String(stderr, StandardCharsets.UTF_8).strip());
    }
  }

  /**
   * Runs a plugin.
   *
   * @param prefix a command the plugin runs under, such as {@code nsenter --net=PATH}; may be empty
   * @param plugin the executable
   * @param env the protocol's variables and any others to add
   * @param stdin the configuration
   * @param timeout how long the run may take
   * @throws IllegalStateException if it takes longer, naming the plugin
   * @throws UncheckedIOException if it cannot be started
   */
  public static Exec run(
      List<String> prefix, Path plugin, Map<String, String> env, String stdin, Duration timeout) {
    return runRaw(prefix, plugin, env, stdin.getBytes(StandardCharsets.UTF_8), timeout).text();
  }

  /**
   * Runs a plugin and keeps its output as bytes; see {@link #run}.
   *
   * @throws IllegalStateException if it takes longer than {@code timeout}, naming the plugin
   * @throws UncheckedIOException if it cannot be started
   */
  public static RawExec runRaw(
      List<String> prefix, Path plugin, Map<String, String> env, byte[] stdin, Duration timeout) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(plugin.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("CNI_"));
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + plugin, e);
    }
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      try {
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
      } catch (IOException e) {
        // The plugin exited without reading stdin (VERSION does): its answer says the rest.
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(plugin + " took longer than " + timeout.toMillis() + " ms");
      }
      return new RawExec(
          p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + plugin, e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException("cannot read the output of " + plugin, e);
    }
  }

  private static byte[] drain(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
