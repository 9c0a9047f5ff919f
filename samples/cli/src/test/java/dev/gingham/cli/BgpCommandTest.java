package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gingham bgp serve} in its own JVM, peered with a speaker in this one, read through its
 * control socket with {@code gingham bgp peers} and {@code routes}.
 */
class BgpCommandTest {
  static final String SERVE = "127.0.0.31";
  static final String PEER = "127.0.0.32";

  @TempDir Path dir;
  ServeProcess serve;
  BgpSpeaker peer;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @AfterEach
  void stop() throws Exception {
    ServeProcess.stop(peer, serve);
  }

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return s.getLocalPort();
    }
  }

  /** Starts serve, peered with {@link #peer}, announcing 10.77.0.0/24; returns its socket. */
  Path startServeAndPeer() throws Exception {
    peer = ServeProcess.listeningPeer(PEER, 65032);
    int servePort = freePort(SERVE);
    Path socket = dir.resolve("bgp.sock");
    serve =
        ServeProcess.start(
            dir,
            SERVE,
            65031,
            servePort,
            socket,
            "address: "
                + PEER
                + ", as: 65032, port: "
                + peer.listenAddress().orElseThrow().getPort(),
            "announce:\n  - {prefix: 10.77.0.0/24, communities: [\"65031:7\"], med: 3}\n");
    ServeProcess.connect(peer, PEER, SERVE, 65031, servePort);
    peer.announce(BgpRoute.of(IpPrefix.parse("10.78.0.0/24"), PathAttributes.builder().build()));
    return socket;
  }

  @Test
  void serveRunsASpeakerThatPeersAndRoutesRead() throws Exception {
    Path socket = startServeAndPeer();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!(run("bgp", "routes", "--socket", socket.toString()) == 0
        && out.toString().contains("10.78.0.0/24"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("serve never learned 10.78.0.0/24: " + err + "\n" + serve.log());
      }
      Thread.sleep(200);
    }
    assertThat(out.toString())
        .contains("10.77.0.0/24")
        .contains("(65031:7)")
        .contains("med 3")
        .contains("65032 igp");

    assertThat(run("bgp", "peers", "--socket", socket.toString())).isZero();
    assertThat(out.toString())
        .contains("PEER")
        .contains(PEER)
        .contains("ESTABLISHED")
        .contains("65032");

    assertThat(run("bgp", "peers", "--socket", socket.toString(), "-o", "json")).isZero();
    assertThat(out.toString())
        .contains("\"state\" : \"ESTABLISHED\"")
        .contains("\"fourOctetAs\" : true");

    assertThat(run("bgp", "routes", "--socket", socket.toString(), "--peer", PEER, "-o", "json"))
        .isZero();
    assertThat(out.toString()).contains("10.78.0.0/24").doesNotContain("10.77.0.0/24");

    assertThat(run("bgp", "routes", "--socket", socket.toString(), "--prefix", "10.77.0.0/16"))
        .isZero();
    assertThat(out.toString()).contains("10.77.0.0/24").doesNotContain("10.78.0.0/24");

    assertThat(peer.locRib()).extracting(r -> r.prefix().toString()).contains("10.77.0.0/24");

    assertThat(run("bgp", "routes", "--socket", socket.toString(), "--peer", "127.0.0.99"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("127.0.0.99");
  }

  void awaitRoutes(Path socket, String... prefixes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!(run("bgp", "routes", "--socket", socket.toString()) == 0
        && List.of(prefixes).stream().allMatch(out.toString()::contains))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "serve never had " + List.of(prefixes) + ": " + out + err + "\n" + serve.log());
      }
      Thread.sleep(200);
    }
  }

  @Test
  void mrtDumpIsReadByBgpdumpAndInjectLoadsPeersOrTheLocRib() throws Exception {
    Path socket = startServeAndPeer();
    awaitRoutes(socket, "10.77.0.0/24", "10.78.0.0/24");
    PeerIdentity feeder =
        new PeerIdentity(IpAddress.parse("192.0.2.9"), 64_999, Ipv4Address.parse("192.0.2.9"));
    Path table = dir.resolve("feed.mrt");
    List<BgpRoute> fed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fed.add(
          BgpRoute.learned(
              IpPrefix.parse("10.79." + i + ".0/24"),
              PathAttributes.builder()
                  .asPath(AsPath.sequence(64_999, 64_000 + i))
                  .nextHop(IpAddress.parse("192.0.2.9"))
                  .build(),
              IpAddress.parse("192.0.2.9"),
              false));
    }
    Mrt.writeTableDump(
        table,
        Ipv4Address.parse("192.0.2.100"),
        "feed",
        List.of(new PeerTable(feeder, fed)),
        Instant.ofEpochSecond(1_700_000_000L));

    // Bad input first: it is refused by name and changes nothing.
    Path garbage = dir.resolve("garbage.mrt");
    Files.write(garbage, new byte[] {0, 0, 0, 1, 0, 13, 0, 2, 0, 0, 0, 99, 1, 2});
    assertThat(run("bgp", "mrt", "inject", "--socket", socket.toString(), garbage.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("garbage.mrt");
    assertThat(
            run(
                "bgp",
                "mrt",
                "inject",
                "--socket",
                socket.toString(),
                "--into",
                "nowhere",
                table.toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("nowhere");
    assertThat(run("bgp", "routes", "--socket", socket.toString())).isZero();
    assertThat(out.toString()).doesNotContain("10.79.");

    // As the feeder's table: its routes, from it, with its AS path.
    assertThat(run("bgp", "mrt", "inject", "--socket", socket.toString(), table.toString()))
        .isZero();
    assertThat(out.toString()).contains("injected 3 routes of 1 peers");
    assertThat(run("bgp", "routes", "--socket", socket.toString(), "--peer", "192.0.2.9")).isZero();
    assertThat(out.toString()).contains("10.79.0.0/24").contains("10.79.2.0/24").contains("64999");

    // Into the Loc-RIB: the speaker's own routes, which its peer then receives.
    Path own = dir.resolve("own.mrt");
    Mrt.writeTableDump(
        own,
        Ipv4Address.parse("192.0.2.100"),
        "own",
        List.of(
            new PeerTable(
                feeder,
                List.of(
                    BgpRoute.learned(
                        IpPrefix.parse("10.76.0.0/24"),
                        PathAttributes.builder().nextHop(IpAddress.parse("192.0.2.9")).build(),
                        IpAddress.parse("192.0.2.9"),
                        false)))),
        Instant.ofEpochSecond(1_700_000_000L));
    assertThat(
            run(
                "bgp",
                "mrt",
                "inject",
                "--socket",
                socket.toString(),
                "--into",
                "loc-rib",
                own.toString()))
        .isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (peer.locRib().stream().noneMatch(r -> r.prefix().toString().equals("10.76.0.0/24"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the peer never got 10.76.0.0/24\n" + serve.log());
      }
      Thread.sleep(200);
    }

    // The dump holds the Loc-RIB, and bgpdump reads it.
    Path dump = dir.resolve("rib.mrt");
    assertThat(run("bgp", "mrt", "dump", "--socket", socket.toString(), dump.toString()))
        .as(err::toString)
        .isZero();
    assertThat(out.toString()).contains("wrote 6 routes to " + dump);
    Set<String> read = new TreeSet<>();
    Mrt.readTables(dump).forEach(t -> t.routes().forEach(r -> read.add(r.prefix().toString())));
    assertThat(read)
        .containsExactlyInAnyOrder(
            "10.76.0.0/24",
            "10.77.0.0/24",
            "10.78.0.0/24",
            "10.79.0.0/24",
            "10.79.1.0/24",
            "10.79.2.0/24");
    Path bgpdump = Path.of("/usr/bin/bgpdump");
    if (!Files.isExecutable(bgpdump)) {
      throw new AssertionError("bgpdump is not installed (test.sh installs it)");
    }
    Process p = new ProcessBuilder(bgpdump.toString(), "-m", dump.toString()).start();
    String lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(lines)
        .contains("|10.76.0.0/24|")
        .contains("|10.78.0.0/24|65032|")
        .contains("|10.79.1.0/24|64999 64001|");
  }

  @Test
  void aBadConfigIsAValidationErrorThatNamesTheField() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        "as: 65001\nrouter-id: 192.0.2.1\npeers:\n  - {address: 192.0.2.2, as: 65002, hold-time: 2}\n");
    assertThat(run("bgp", "serve", "--config", config.toString())).isEqualTo(ExitCodes.VALIDATION);
    assertThat(err.toString()).contains("peers/0").contains("hold time").contains("was 2");

    Files.writeString(config, "as: 65001\nrouter-id: 192.0.2.1\nneighbours: []\n");
    assertThat(run("bgp", "serve", "--config", config.toString())).isEqualTo(ExitCodes.VALIDATION);
    assertThat(err.toString()).contains("neighbours");

    Files.writeString(
        config, "as: 65001\nrouter-id: 192.0.2.1\nannounce:\n  - {prefix: 10.0.0.1/8}\n");
    assertThat(run("bgp", "serve", "--config", config.toString())).isEqualTo(ExitCodes.VALIDATION);
    assertThat(err.toString()).contains("announce/0").contains("10.0.0.0/8");
  }

  @Test
  void aMissingSocketIsUnreachable() {
    assertThat(run("bgp", "peers", "--socket", dir.resolve("none.sock").toString()))
        .isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).contains("none.sock");
    assertThat(run("bgp", "routes", "--socket", dir.resolve("none.sock").toString(), "-o", "yaml"))
        .isEqualTo(ExitCodes.USAGE);
  }
}
