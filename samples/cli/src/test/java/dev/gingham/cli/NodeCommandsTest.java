package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.BgpSpeaker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code gingham node status} against a running {@code gingham bgp serve} (in its own JVM, peered
 * with a speaker in this one), against a control socket that answers garbage, and against none.
 */
@ExtendWith(EtcdForCli.class)
class NodeCommandsTest {
  static final String SERVE = "127.0.0.41";
  static final String PEER = "127.0.0.42";

  @TempDir Path dir;
  ServeProcess serve;
  BgpSpeaker peer;

  @AfterEach
  void stop() throws Exception {
    ServeProcess.stop(peer, serve);
  }

  @Test
  void statusShowsTheBgpServeSpeakersPeerEstablished() throws Exception {
    peer = ServeProcess.listeningPeer(PEER, 65042);
    int servePort = BgpCommandTest.freePort(SERVE);
    Path socket = dir.resolve("bgp.sock");
    serve =
        ServeProcess.start(
            dir,
            SERVE,
            65041,
            servePort,
            socket,
            "address: "
                + PEER
                + ", as: 65042, port: "
                + peer.listenAddress().orElseThrow().getPort(),
            "");
    ServeProcess.connect(peer, PEER, SERVE, 65041, servePort);
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      Cli.Result r = cli.run("node", "status", "--socket", socket.toString());
      while (!(r.code() == 0 && r.out().contains("Established"))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no established session: " + r + "\n" + serve.log());
        }
        Thread.sleep(200);
        r = cli.run("node", "status", "--socket", socket.toString());
      }
      assertThat(r.out())
          .startsWith(
              "Gingham is running on node "
                  + Versions.host()
                  + " (version "
                  + Versions.gingham()
                  + ", AS 65041).\n")
          .containsPattern(
              "IPv4 BGP peers\nPEER +TYPE +STATE +SINCE +INFO\n127\\.0\\.0\\.42 +node +Established +20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z +-\n")
          .endsWith("IPv6 BGP peers\nNone.\n");
      Cli.Result version = cli.run("version", "--agent-socket", socket.toString());
      assertThat(version.out())
          .contains("agent: " + Versions.gingham() + " on node " + Versions.host());
    }
  }

  @Test
  void aMissingSocketIsUnreachable() {
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("node", "status", "--socket", dir.resolve("none.sock").toString());
      assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(r.err())
          .startsWith(
              "gingham: the node agent is not running: cannot reach its socket "
                  + dir.resolve("none.sock"));
    }
  }

  @Test
  void aGarbledAnswerIsReportedByField() throws Exception {
    Path socket = dir.resolve("agent.sock");
    try (ControlSocketServer s =
            new ControlSocketServer(
                socket,
                req ->
                    "{\"node\": \"n\", \"version\": \"1\", \"peers\": [{\"address\": \"192.0.2.1\", \"type\": \"bogus\", \"state\": \"Idle\"}]}");
        Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("node", "status", "--socket", socket.toString());
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .isEqualTo(
              "gingham: the node agent answered: status answer: peers[0].type: expected mesh, global or node, got 'bogus'\n");
    }
    try (ControlSocketServer s =
            new ControlSocketServer(socket, req -> "{\"error\": \"not ready\"}");
        Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      assertThat(cli.run("node", "status", "--socket", socket.toString()).err())
          .isEqualTo("gingham: the node agent answered: not ready\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Cli.Store.class)
  void listShowsTheNodes(Cli.Store store) throws Exception {
    try (Cli cli = new Cli(store, dir)) {
      assertThat(cli.on("node", "list").err()).isEqualTo("No nodes found.\n");
      cli.on("apply", "-f", CalicoFixturesTest.fixtures().resolve("bgp.yaml").toString());
      assertThat(cli.on("node", "list", "-o", "wide").out())
          .isEqualTo(
              "NAME            ASN     IPV4            IPV6                               RRCLUSTERID\n"
                  + "node-hostname   64512   10.244.0.1/24   2001:db8:85a3::8a2e:370:7334/120   224.0.0.1\n");
    }
  }
}
