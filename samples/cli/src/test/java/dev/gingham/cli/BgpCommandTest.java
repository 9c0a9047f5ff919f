package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void serveRunsASpeakerThatPeersAndRoutesRead() throws Exception {
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
