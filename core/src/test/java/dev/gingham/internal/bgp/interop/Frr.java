package dev.gingham.internal.bgp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** FRR's bgpd on a loopback address, without zebra, with its own vty socket directory. */
final class Frr implements AutoCloseable {
  final String address;
  final int port;
  private final Path vtyDir;
  private final Path vtysh;
  private final Daemon daemon;

  private Frr(String address, int port, Path vtyDir, Path vtysh, Daemon daemon) {
    this.address = address;
    this.port = port;
    this.vtyDir = vtyDir;
    this.vtysh = vtysh;
    this.daemon = daemon;
  }

  /** Starts bgpd with the given configuration; {@code %PORT%} becomes its own port. */
  static Frr start(Path dir, String address, String config) throws IOException {
    Path bgpd = Prerequisites.require("/usr/lib/frr/bgpd");
    Path vtysh = Prerequisites.require("/usr/bin/vtysh");
    int port = Ports.free(address);
    Path vtyDir = Files.createDirectories(dir.resolve("frr-vty"));
    Path conf = dir.resolve("frr-" + address + ".conf");
    Files.writeString(conf, config.replace("%PORT%", Integer.toString(port)));
    Daemon d =
        Daemon.start(
            "bgpd-" + address,
            dir,
            bgpd.toString(),
            "-f",
            conf.toString(),
            "-i",
            dir.resolve("bgpd.pid").toString(),
            "-z",
            dir.resolve("zserv.api").toString(),
            "--vty_socket",
            vtyDir.toString(),
            "-P",
            "0",
            "-p",
            Integer.toString(port),
            "-l",
            address,
            "-Z",
            "-S",
            "-n",
            "--log",
            "stdout");
    return new Frr(address, port, vtyDir, vtysh, d);
  }

  Daemon daemon() {
    return daemon;
  }

  /** Runs one vtysh command against this bgpd. */
  String vtysh(String command) {
    try {
      return Daemon.run(
          Duration.ofSeconds(10),
          vtysh.toString(),
          "--vty_socket",
          vtyDir.toString(),
          "-d",
          "bgpd",
          "-c",
          command);
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  @Override
  public void close() throws Exception {
    daemon.close();
  }
}
