package dev.gingham.datastore.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One real etcd member: Debian's {@code /usr/bin/etcd}, on loopback ports, with its own data
 * directory. It can be stopped (SIGTERM), killed (SIGKILL) and started again on the same data and
 * ports. Not thread-safe; tests drive it from one thread.
 *
 * <p>Public, and shipped in this module's test-jar, because the benchmark harness runs etcd the
 * same way.
 */
public final class EtcdProcess implements AutoCloseable {
  /** The binary that Debian's {@code etcd-server} installs. */
  public static final Path BINARY = Path.of("/usr/bin/etcd");

  /** What etcd logs once it answers clients (after it joined its cluster). */
  private static final String READY = "serving client traffic";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private final @Nullable TlsFiles tls;
  private String initialCluster;
  private @Nullable Process process;
  private long logOffset;

  private EtcdProcess(String name, Path dir, @Nullable TlsFiles tls) {
    this.name = name;
    this.dir = dir;
    this.clientPort = freePort();
    this.peerPort = freePort();
    this.tls = tls;
    this.initialCluster = name + "=" + peerUrl();
  }

  /** A single-member etcd in a folder under {@code parent}; not started yet. */
  public static EtcdProcess single(Path parent, @Nullable TlsFiles tls) {
    return new EtcdProcess("m0", folder(parent, "m0"), tls);
  }

  /** The members of a cluster of {@code size}, which know one another; not started yet. */
  public static List<EtcdProcess> cluster(Path parent, int size) {
    List<EtcdProcess> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(new EtcdProcess("m" + i, folder(parent, "m" + i), null));
    }
    List<String> peers = new ArrayList<>();
    for (EtcdProcess m : members) {
      peers.add(m.name + "=" + m.peerUrl());
    }
    for (EtcdProcess m : members) {
      m.initialCluster = String.join(",", peers);
    }
    return members;
  }

  /** Starts etcd without waiting for it; see {@link #awaitReady()}. */
  public void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("etcd member " + name + " is already running");
    }
    String scheme = tls == null ? "http" : "https";
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(
        List.of(
            "--name=" + name,
            "--data-dir=" + dir.resolve("data"),
            "--listen-client-urls=" + scheme + "://127.0.0.1:" + clientPort,
            "--advertise-client-urls=" + scheme + "://127.0.0.1:" + clientPort,
            "--listen-peer-urls=" + peerUrl(),
            "--initial-advertise-peer-urls=" + peerUrl(),
            "--initial-cluster=" + initialCluster,
            "--initial-cluster-token=gingham-test",
            "--initial-cluster-state=new",
            "--logger=zap",
            "--log-outputs=stderr",
            "--log-level=info"));
    if (tls != null) {
      command.addAll(
          List.of(
              "--cert-file=" + tls.serverCert(),
              "--key-file=" + tls.serverKey(),
              "--trusted-ca-file=" + tls.ca(),
              "--client-cert-auth=true"));
    }
    Path log = dir.resolve("etcd.log");
    try {
      logOffset = Files.exists(log) ? Files.size(log) : 0;
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY, e);
    }
  }

  /** Starts etcd and waits until it serves clients. */
  public void start() {
    launch();
    awaitReady();
  }

  /** Waits until the last launch serves clients, failing with the log's tail if it does not. */
  public void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (logSinceLaunch().contains(READY)) {
        return;
      }
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("etcd member " + name + " exited: " + tail());
      }
      sleep(20);
    }
    throw new IllegalStateException(
        "etcd member " + name + " did not serve clients within " + START_TIMEOUT + ": " + tail());
  }

  /** Sends SIGTERM and waits for the exit: etcd finishes the requests it is serving first. */
  public void stop() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      await(p);
    }
  }

  /** Sends SIGKILL and waits for the exit: requests in flight are cut off. */
  public void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      await(p);
    }
  }

  /** Whether the process runs. */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The member's name. */
  public String name() {
    return name;
  }

  /** {@code 127.0.0.1:port} of the client listener. */
  public String endpoint() {
    return "127.0.0.1:" + clientPort;
  }

  /** The client port. */
  public int clientPort() {
    return clientPort;
  }

  /** Kills the process if it runs. The folder is left for {@link TempDirs} to delete. */
  @Override
  public void close() {
    kill();
  }

  /** What the log says since the last launch, for failure messages. */
  public String tail() {
    String log = logSinceLaunch();
    return log.length() > 4_000 ? "…" + log.substring(log.length() - 4_000) : log;
  }

  private String logSinceLaunch() {
    Path log = dir.resolve("etcd.log");
    try {
      if (!Files.exists(log)) {
        return "";
      }
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logOffset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private String peerUrl() {
    return "http://127.0.0.1:" + peerPort;
  }

  private void await(Process p) {
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static Path folder(Path parent, String name) {
    try {
      return Files.createDirectories(parent.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port that is free on loopback now. etcd binds it a moment later; a clash fails the start. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Deletes a folder and what it holds, such as a stopped member's data; best effort. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A file etcd still writes while it dies; the OS temp cleaner gets it.
      }
    }
  }
}
