package dev.gingham.cni;

import dev.gingham.core.PodNetworks;
import dev.gingham.dataplane.linux.NsThread;
import dev.gingham.dataplane.linux.Prerequisites;
import dev.gingham.dataplane.linux.Shell;
import dev.gingham.dataplane.linux.TestNamespaces;
import dev.gingham.net.IpAddress;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's node: a namespace that stands for the host (the plugins run in it), pod namespaces, a
 * scratch directory (the SQLite store, the IPAM lock, the result cache), and a {@link CniRuntime}
 * over the installed plugins. Names are {@code PREFIX<pid>-...}; {@link #close()} deletes every
 * namespace (and with the node's, every veth and route the plugins made) and the directory, and
 * namespaces left by dead test JVMs are removed on creation.
 */
final class TestNode implements AutoCloseable {
  /** The node's address, on its loopback. */
  static final IpAddress NODE_ADDRESS = IpAddress.parse("192.0.2.1");

  private final String prefix;
  private final Dataplane dp;
  private final List<String> namespaces = new ArrayList<>();
  final String node;
  final Path dir;
  final CniRuntime runtime;

  TestNode(String shortPrefix) {
    Prerequisites.require();
    for (String tool : new String[] {"ptp", "bridge", "portmap", "tuning", "host-local"}) {
      if (!Files.isExecutable(Path.of("/usr/lib/cni", tool))) {
        Prerequisites.missing("/usr/lib/cni/" + tool + " (Debian's containernetworking-plugins)");
      }
    }
    TestNamespaces.removeStale(shortPrefix);
    this.prefix = shortPrefix + ProcessHandle.current().pid();
    this.dp = Dataplanes.open("linux");
    try {
      this.dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.node = prefix + "-node";
    namespaces.add(node);
    try (NetworkNamespace n = dp.namespaces().create(node)) {
      PodNetworks.prepareNode(dp, n);
      // The node's own address, as a host has one: the source of its connections to pods.
      dp.addresses().add(n, InterfaceAddress.host("lo", NODE_ADDRESS));
    }
    this.runtime =
        new CniRuntime(PluginInstall.binDir(), node, dir.resolve("cache"))
            .env("GINGHAM_IPAM_LOCK", dir.resolve("ipam.lock").toString());
  }

  /** The SQLite store's URI. */
  String datastore() {
    return "sqlite:" + dir.resolve("state.db");
  }

  /** Makes a pod namespace and returns its path. */
  String pod(String name) {
    String full = prefix + "-" + name;
    namespaces.add(full);
    dp.namespaces().create(full).close();
    return "/run/netns/" + full;
  }

  /** The Linux dataplane the test inspects with. */
  Dataplane dataplane() {
    return dp;
  }

  /** Opens the node namespace. */
  NetworkNamespace openNode() {
    return dp.namespaces().open(Path.of("/run/netns", node));
  }

  /** Runs {@code ip -n NS ARGS}. */
  static String ip(String netnsPath, String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("ip", "-n", Path.of(netnsPath).getFileName().toString()));
    cmd.addAll(List.of(args));
    return Shell.run(cmd.toArray(String[]::new));
  }

  /**
   * A bounded TCP echo: a server on {@code to}:{@code port} inside {@code serverNs}, a client
   * inside {@code clientNs}; three round trips under a five-second deadline each.
   *
   * @return what the client read back
   */
  static List<String> echo(String serverNs, String clientNs, InetAddress to, int port) {
    List<String> got = new ArrayList<>();
    try (NsThread server = new NsThread(serverNs);
        NsThread client = new NsThread(clientNs)) {
      ServerSocket ss =
          server.call(
              () -> {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(to, port));
                s.setSoTimeout(5_000);
                return s;
              });
      Thread echo =
          new Thread(
              () -> {
                try (Socket s = ss.accept()) {
                  s.setSoTimeout(5_000);
                  byte[] buf = new byte[256];
                  int n;
                  while ((n = s.getInputStream().read(buf)) > 0) {
                    s.getOutputStream().write(buf, 0, n);
                  }
                } catch (IOException e) {
                  // the client closed or the deadline passed: the echo ends
                }
              },
              "echo");
      echo.setDaemon(true);
      echo.start();
      try (Socket c =
          client.call(
              () -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(to, port), 5_000);
                return s;
              })) {
        c.setSoTimeout(5_000);
        for (int i = 0; i < 3; i++) {
          byte[] sent = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
          c.getOutputStream().write(sent);
          c.getOutputStream().flush();
          got.add(
              new String(c.getInputStream().readNBytes(sent.length), StandardCharsets.US_ASCII));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        try {
          ss.close();
          echo.join(5_000);
        } catch (IOException | InterruptedException e) {
          // closing the test's own server: nothing to recover
        }
      }
    }
    return got;
  }

  @Override
  public void close() {
    try {
      for (String n : namespaces) {
        dp.namespaces().delete(n);
      }
    } finally {
      dp.close();
      PluginInstall.deleteTree(dir);
    }
  }
}
