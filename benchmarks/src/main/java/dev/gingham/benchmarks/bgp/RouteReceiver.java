package dev.gingham.benchmarks.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A BGP daemon that receives the full table in the ingest harness, run as its own process on a
 * loopback address and waiting passively for the feeder: Gingham (a JVM running {@link Receiver}),
 * BIRD 2 or GoBGP. It reports how many IPv4 prefixes its Loc-RIB holds, asked the way its operator
 * would ask (its control socket, {@code birdc}, {@code gobgp}).
 */
abstract class RouteReceiver implements AutoCloseable {
  /** The receivers' AS. */
  static final long AS = 65_001;

  final String name;
  final String address;
  final int port;
  protected Process process;

  RouteReceiver(String name, String address) {
    this.name = name;
    this.address = address;
    this.port = Processes.freePort(address);
  }

  /** Starts the daemon, peering with the feeder at {@code feeder} in {@code feederAs}. */
  abstract void start(Path dir, String feeder, long feederAs) throws IOException;

  /** The IPv4 prefixes in its Loc-RIB now, or -1 if it does not answer. */
  abstract long ipv4Prefixes() throws IOException, InterruptedException;

  /** Whether the feeder must send a next hop other than its loopback address. */
  boolean refusesLoopbackNextHops() {
    return false;
  }

  /** The process whose memory counts. */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      Processes.stop(process);
    }
  }

  /** Gingham: {@link Receiver} in a JVM of its own, answering "count" on its standard input. */
  static final class Gingham extends RouteReceiver {
    private final List<String> jvmOptions;
    private PrintWriter in;
    private BufferedReader out;

    Gingham(String address, List<String> jvmOptions) {
      super("gingham", address);
      this.jvmOptions = jvmOptions;
    }

    @Override
    void start(Path dir, String feeder, long feederAs) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              Receiver.class.getName(),
              address,
              Integer.toString(port),
              Long.toString(AS),
              feeder,
              Long.toString(feederAs)));
      process =
          new ProcessBuilder(cmd)
              .redirectError(dir.resolve("gingham-receiver.log").toFile())
              .start();
      in =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      // The JVM may print first (a flight recording's notice, say): skip to "ready".
      String ready = out.readLine();
      for (int i = 0; i < 100 && ready != null && !ready.startsWith("ready"); i++) {
        ready = out.readLine();
      }
      if (ready == null || !ready.startsWith("ready")) {
        throw new IOException(
            "the Gingham receiver did not start: "
                + ready
                + " "
                + Files.readString(dir.resolve("gingham-receiver.log")));
      }
    }

    @Override
    long ipv4Prefixes() throws IOException {
      in.println("count");
      String line = out.readLine();
      while (line != null && !line.trim().matches("\\d+")) {
        line = out.readLine();
      }
      return line == null ? -1 : Long.parseLong(line.trim());
    }
  }

  /** BIRD 2, in the foreground with its own control socket. */
  static final class Bird extends RouteReceiver {
    private Path socket;

    Bird(String address) {
      super("bird", address);
    }

    @Override
    void start(Path dir, String feeder, long feederAs) throws IOException {
      String conf =
          "router id "
              + address
              + ";\n"
              + "log stderr { warning, error, fatal };\n"
              + "protocol device {}\n"
              + "protocol bgp feeder {\n"
              + "  local "
              + address
              + " port "
              + port
              + " as "
              + AS
              + ";\n"
              + "  neighbor "
              + feeder
              + " as "
              + feederAs
              + ";\n"
              + "  passive on;\n"
              // Only on its own address: its default, the wildcard address, collides with any
              // socket that holds the same port on another address.
              + "  strict bind on;\n"
              // A loopback neighbour is not on a network BIRD sees as shared: multihop, and the
              // next hop resolved through the table (unresolved, the routes are still stored).
              + "  multihop;\n"
              + "  hold time 240;\n"
              + "  ipv4 { import all; export none; gateway recursive; igp table master4; };\n"
              + "}\n";
      Path file = dir.resolve("bird-receiver.conf");
      Files.writeString(file, conf);
      socket = dir.resolve("bird-receiver.ctl");
      process =
          new ProcessBuilder("bird", "-c", file.toString(), "-s", socket.toString(), "-f")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("bird-receiver.log").toFile())
              .start();
    }

    @Override
    long ipv4Prefixes() throws IOException, InterruptedException {
      String out = Processes.run(30, "birdc", "-s", socket.toString(), "show", "route", "count");
      // "1000000 of 1000000 routes for 1000000 networks in table master4"
      int at = out.indexOf(" routes for ");
      return at < 0 ? -1 : Processes.firstNumber(out.substring(at + 12));
    }
  }

  /** GoBGP's gobgpd, with its gRPC API on a port of its own. */
  static final class Gobgp extends RouteReceiver {
    private final int apiPort = Processes.freePort("127.0.0.1");

    Gobgp(String address) {
      super("gobgp", address);
    }

    @Override
    boolean refusesLoopbackNextHops() {
      return true;
    }

    @Override
    void start(Path dir, String feeder, long feederAs) throws IOException {
      String toml =
          "[global.config]\n"
              + "  as = "
              + AS
              + "\n  router-id = \""
              + address
              + "\"\n  port = "
              + port
              + "\n  local-address-list = [\""
              + address
              + "\"]\n"
              + "[[neighbors]]\n"
              + "  [neighbors.config]\n"
              + "    neighbor-address = \""
              + feeder
              + "\"\n    peer-as = "
              + feederAs
              + "\n  [neighbors.transport.config]\n"
              + "    passive-mode = true\n"
              + "    local-address = \""
              + address
              + "\"\n  [neighbors.timers.config]\n"
              + "    hold-time = 240\n"
              + "    keepalive-interval = 80\n"
              + "  [[neighbors.afi-safis]]\n"
              + "    [neighbors.afi-safis.config]\n"
              + "      afi-safi-name = \"ipv4-unicast\"\n";
      Path file = dir.resolve("gobgpd-receiver.toml");
      Files.writeString(file, toml);
      process =
          new ProcessBuilder(
                  "gobgpd",
                  "-f",
                  file.toString(),
                  "--api-hosts",
                  "127.0.0.1:" + apiPort,
                  "--pprof-disable",
                  "-p",
                  "-l",
                  "warn")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("gobgpd-receiver.log").toFile())
              .start();
    }

    @Override
    long ipv4Prefixes() throws IOException, InterruptedException {
      String out =
          Processes.run(
              30,
              "gobgp",
              "-p",
              Integer.toString(apiPort),
              "-u",
              "127.0.0.1",
              "global",
              "rib",
              "summary",
              "-a",
              "ipv4");
      // "Table ipv4-unicast\nDestination: 1000000, Path: 1000000"
      int at = out.indexOf("Destination:");
      return at < 0 ? -1 : Processes.firstNumber(out.substring(at));
    }
  }
}
