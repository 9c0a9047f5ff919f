package dev.gingham.internal.bgp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A BIRD 2 daemon on a loopback address, run in the foreground with its own control socket. */
final class Bird implements AutoCloseable {
  final String address;
  final int port;
  private final Path socket;
  private final Path birdc;
  private final Path bird;
  private final Path dir;
  private Daemon daemon;

  private Bird(String address, int port, Path socket, Path birdc, Path bird, Path dir) {
    this.address = address;
    this.port = port;
    this.socket = socket;
    this.birdc = birdc;
    this.bird = bird;
    this.dir = dir;
  }

  /**
   * Starts BIRD with the given protocol section; {@code %PORT%} in it is replaced by BIRD's own
   * port.
   */
  static Bird start(Path dir, String address, String protocols) throws IOException {
    Path bird = Prerequisites.require("/usr/sbin/bird", "/usr/local/sbin/bird");
    Path birdc = Prerequisites.require("/usr/sbin/birdc", "/usr/local/sbin/birdc");
    int port = Ports.free(address);
    Bird b = new Bird(address, port, dir.resolve("bird-" + address + ".ctl"), birdc, bird, dir);
    b.daemon = b.launch(protocols, false);
    return b;
  }

  private Daemon launch(String protocols, boolean recovering) throws IOException {
    String conf =
        "router id "
            + address
            + ";\n"
            + "log stderr all;\n"
            + "protocol device {}\n"
            + strictBind(protocols.replace("%PORT%", Integer.toString(port)));
    Path file = dir.resolve("bird-" + address + ".conf");
    Files.writeString(file, conf);
    List<String> cmd =
        new ArrayList<>(
            List.of(bird.toString(), "-c", file.toString(), "-s", socket.toString(), "-f"));
    if (recovering) {
      cmd.add("-R"); // graceful restart recovery: the Restart State bit, End-of-RIB awaited
    }
    return Daemon.start("bird-" + address, dir, cmd.toArray(String[]::new));
  }

  /**
   * Adds {@code strict bind on} to every BGP protocol. Without it BIRD listens on the wildcard
   * address (0.0.0.0:port), which collides with any socket on any address that holds the same port
   * number, although {@link Ports#free} only checked it on BIRD's own address: BIRD then logs
   * "Cannot open listening socket", its protocol stays down for good ("No listening socket"), and
   * its peer stays Active. That made RouteReflectionInteropTest fail once, with one BIRD client of
   * twenty never established.
   */
  static String strictBind(String protocols) {
    return protocols.replaceAll("(protocol bgp [^{]*\\{)", "$1\n  strict bind on;");
  }

  /** Kills BIRD with SIGKILL, so that it sends no NOTIFICATION, and waits until it is gone. */
  void kill() throws IOException, InterruptedException {
    daemon.signal("KILL");
    for (int i = 0; i < 50 && daemon.isAlive(); i++) {
      Thread.sleep(100);
    }
  }

  /**
   * Starts BIRD again after {@link #kill()}, on the same address, port and socket, in graceful
   * restart recovery ({@code bird -R}) with these protocols.
   */
  void restartGracefully(String protocols) throws IOException {
    daemon = launch(protocols, true);
  }

  Daemon daemon() {
    return daemon;
  }

  /** Runs birdc against this daemon. */
  String birdc(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = birdc.toString();
    cmd[1] = "-s";
    cmd[2] = socket.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    return Daemon.run(Duration.ofSeconds(10), cmd);
  }

  /** {@code birdc show route all}, or empty text if BIRD does not answer yet. */
  String routes() {
    try {
      return birdc("show", "route", "all");
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  @Override
  public void close() throws Exception {
    daemon.close();
  }
}
