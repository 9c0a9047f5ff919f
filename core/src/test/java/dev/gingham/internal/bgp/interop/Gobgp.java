package dev.gingham.internal.bgp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A gobgpd on a loopback address, configured by a TOML file, and its gobgp CLI. */
final class Gobgp implements AutoCloseable {
  final String address;
  final int port;
  final int apiPort;
  final Path dir;
  private final Path config;
  private Daemon daemon;
  private final Path gobgp;

  private Gobgp(String address, int port, int apiPort, Path dir, Path config, Path gobgp) {
    this.address = address;
    this.port = port;
    this.apiPort = apiPort;
    this.dir = dir;
    this.config = config;
    this.gobgp = gobgp;
  }

  /**
   * Writes a config for one neighbour and starts gobgpd.
   *
   * @param graceful whether to enable graceful restart toward the neighbour
   */
  static Gobgp start(
      Path dir,
      String address,
      long as,
      String neighbour,
      long neighbourAs,
      int neighbourPort,
      boolean graceful)
      throws IOException {
    Path gobgpd = Prerequisites.require("/usr/bin/gobgpd", "/usr/local/bin/gobgpd");
    Path gobgp = Prerequisites.require("/usr/bin/gobgp", "/usr/local/bin/gobgp");
    int port = Ports.free(address);
    int apiPort = Ports.free("127.0.0.1");
    String gr =
        graceful
            ? "  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 30\n"
            : "";
    String afGr =
        graceful
            ? "    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n"
            : "";
    String toml =
        "[global.config]\n"
            + "  as = "
            + as
            + "\n"
            + "  router-id = \""
            + address
            + "\"\n"
            + "  port = "
            + port
            + "\n"
            + "  local-address-list = [\""
            + address
            + "\"]\n"
            + "[[neighbors]]\n"
            + "  [neighbors.config]\n"
            + "    neighbor-address = \""
            + neighbour
            + "\"\n"
            + "    peer-as = "
            + neighbourAs
            + "\n"
            + "  [neighbors.transport.config]\n"
            + "    remote-port = "
            + neighbourPort
            + "\n"
            + "    local-address = \""
            + address
            + "\"\n"
            + "  [neighbors.timers.config]\n"
            + "    connect-retry = 1\n"
            + "    hold-time = 9\n"
            + "    keepalive-interval = 3\n"
            + gr
            + "  [[neighbors.afi-safis]]\n"
            + "    [neighbors.afi-safis.config]\n"
            + "      afi-safi-name = \"ipv4-unicast\"\n"
            + afGr
            + "  [[neighbors.afi-safis]]\n"
            + "    [neighbors.afi-safis.config]\n"
            + "      afi-safi-name = \"ipv6-unicast\"\n"
            + afGr;
    Path config = dir.resolve("gobgpd-" + address + ".toml");
    Files.writeString(config, toml);
    Gobgp g = new Gobgp(address, port, apiPort, dir, config, gobgp);
    g.daemon = g.launch(gobgpd, false);
    return g;
  }

  private Daemon launch(Path gobgpd, boolean restarting) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                gobgpd.toString(),
                "-f",
                config.toString(),
                "--api-hosts",
                "127.0.0.1:" + apiPort,
                "--pprof-disable",
                "-p",
                "-l",
                "debug"));
    if (restarting) {
      cmd.add("-r");
    }
    return Daemon.start("gobgpd-" + address, dir, cmd.toArray(String[]::new));
  }

  /** Starts gobgpd again with the Restart State bit, after {@link #kill()}. */
  void restart() throws IOException {
    daemon = launch(Prerequisites.require("/usr/bin/gobgpd", "/usr/local/bin/gobgpd"), true);
  }

  Daemon daemon() {
    return daemon;
  }

  void kill() throws IOException, InterruptedException {
    daemon.signal("KILL");
    for (int i = 0; i < 50 && daemon.isAlive(); i++) {
      Thread.sleep(100);
    }
  }

  /** Runs the gobgp CLI against this daemon. */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(gobgp.toString(), "-p", Integer.toString(apiPort), "-u", "127.0.0.1"));
    cmd.addAll(List.of(args));
    return Daemon.run(Duration.ofSeconds(10), cmd.toArray(String[]::new));
  }

  @Override
  public void close() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }
}
