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
   * One neighbour of a gobgpd.
   *
   * @param address its address
   * @param as its AS
   * @param port its port
   * @param graceful whether graceful restart is on toward it (restart time 30 s)
   * @param configExtra TOML lines for its {@code [neighbors.config]} table
   * @param tablesExtra TOML tables of its own, after the timers
   * @param familyExtra TOML lines for each of its {@code [neighbors.afi-safis]}
   */
  record Neighbour(
      String address,
      long as,
      int port,
      boolean graceful,
      String configExtra,
      String tablesExtra,
      String familyExtra) {
    /** A plain neighbour. */
    static Neighbour of(String address, long as, int port) {
      return new Neighbour(address, as, port, false, "", "", "");
    }

    Neighbour withGracefulRestart() {
      return new Neighbour(address, as, port, true, configExtra, tablesExtra, familyExtra);
    }

    Neighbour withConfig(String lines) {
      return new Neighbour(
          address, as, port, graceful, configExtra + lines, tablesExtra, familyExtra);
    }

    Neighbour withTables(String toml) {
      return new Neighbour(
          address, as, port, graceful, configExtra, tablesExtra + toml, familyExtra);
    }

    Neighbour withFamilyLines(String lines) {
      return new Neighbour(
          address, as, port, graceful, configExtra, tablesExtra, familyExtra + lines);
    }

    String toml(String local) {
      String gr =
          graceful
              ? "  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 30\n"
              : "";
      String afGr =
          graceful
              ? "    [neighbors.afi-safis.mp-graceful-restart.config]\n      enabled = true\n"
              : "";
      String family = afGr + familyExtra;
      return "[[neighbors]]\n"
          + "  [neighbors.config]\n"
          + "    neighbor-address = \""
          + address
          + "\"\n"
          + "    peer-as = "
          + as
          + "\n"
          + configExtra
          + "  [neighbors.transport.config]\n"
          + "    remote-port = "
          + port
          + "\n"
          + "    local-address = \""
          + local
          + "\"\n"
          + "  [neighbors.timers.config]\n"
          + "    connect-retry = 1\n"
          + "    hold-time = 9\n"
          + "    keepalive-interval = 3\n"
          + gr
          + tablesExtra
          + "  [[neighbors.afi-safis]]\n"
          + "    [neighbors.afi-safis.config]\n"
          + "      afi-safi-name = \"ipv4-unicast\"\n"
          + family
          + "  [[neighbors.afi-safis]]\n"
          + "    [neighbors.afi-safis.config]\n"
          + "      afi-safi-name = \"ipv6-unicast\"\n"
          + family;
    }
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
    Neighbour n = Neighbour.of(neighbour, neighbourAs, neighbourPort);
    return start(dir, address, as, List.of(graceful ? n.withGracefulRestart() : n));
  }

  /** Writes a config with these neighbours and starts gobgpd on a free port of {@code address}. */
  static Gobgp start(Path dir, String address, long as, List<Neighbour> neighbours)
      throws IOException {
    Path gobgpd = Prerequisites.require("/usr/bin/gobgpd", "/usr/local/bin/gobgpd");
    Path gobgp = Prerequisites.require("/usr/bin/gobgp", "/usr/local/bin/gobgp");
    int port = Ports.free(address);
    int apiPort = Ports.free("127.0.0.1");
    StringBuilder toml =
        new StringBuilder()
            .append("[global.config]\n")
            .append("  as = ")
            .append(as)
            .append("\n  router-id = \"")
            .append(address)
            .append("\"\n  port = ")
            .append(port)
            .append("\n  local-address-list = [\"")
            .append(address)
            .append("\"]\n");
    for (Neighbour n : neighbours) {
      toml.append(n.toml(address));
    }
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
