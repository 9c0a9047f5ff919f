package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real session between Gingham and gobgpd, captured on the loopback interface with tshark and
 * decoded by {@code tshark -d tcp.port==N,bgp}: what tshark reads in GoBGP's UPDATEs is what
 * Gingham put in its Adj-RIB-In, prefix by prefix, path and next hop.
 */
class CapturedSessionTest extends InteropFixture {
  static final String GOBGP = "127.0.0.7";
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void tsharkReadsGobgpsUpdatesAsGinghamDoes() throws Exception {
    Path tshark = Prerequisites.require("/usr/bin/tshark");
    startSpeaker(4_200_000_001L, "capture");
    int port = speakerPort();
    Path pcap = dir.resolve("session.pcap");
    Path capLog = dir.resolve("tshark.log");
    Process capture =
        new ProcessBuilder(
                tshark.toString(),
                "-i",
                "lo",
                "-f",
                "tcp port " + port,
                "-w",
                pcap.toString(),
                "-a",
                "duration:60")
            .redirectErrorStream(true)
            .redirectOutput(capLog.toFile())
            .start();
    try {
      Daemon.await(WAIT, "tshark to capture", () -> read(capLog).contains("Capturing on"));
      Gobgp gobgp = Gobgp.start(dir, GOBGP, 4_200_000_007L, GINGHAM, 4_200_000_001L, port, false);
      daemon = gobgp;
      speaker.addPeer(
          PeerConfig.builder(IpAddress.parse(GOBGP), 4_200_000_007L)
              .port(gobgp.port)
              .localAddress(IpAddress.parse(GINGHAM))
              .passive(true)
              .build());
      Daemon.await(
          WAIT,
          "the session",
          () -> speaker.peer(IpAddress.parse(GOBGP)).state() == PeerState.ESTABLISHED,
          gobgp.daemon());
      gobgp.cli("global", "rib", "add", "10.120.0.0/24", "-a", "ipv4", "community", "65007:1");
      gobgp.cli("global", "rib", "add", "10.121.0.0/16", "-a", "ipv4");
      gobgp.cli("global", "rib", "add", "2001:db8:120::/48", "-a", "ipv6");
      Daemon.await(
          WAIT,
          "the routes in Gingham",
          () -> speaker.ribIn(IpAddress.parse(GOBGP)).size() == 3,
          gobgp.daemon());
      Thread.sleep(500);
    } finally {
      capture.destroy(); // SIGTERM: tshark finishes the file
      if (!capture.waitFor(10, TimeUnit.SECONDS)) {
        capture.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }

    Process decode =
        new ProcessBuilder(
                tshark.toString(),
                "-r",
                pcap.toString(),
                "-d",
                "tcp.port==" + port + ",bgp",
                "-Y",
                "bgp.type == 2 && ip.src == " + GOBGP,
                "-T",
                "fields",
                "-E",
                "separator=|",
                "-E",
                "aggregator=,",
                "-E",
                "occurrence=a",
                "-e",
                "bgp.nlri_prefix",
                "-e",
                "bgp.mp_reach_nlri_ipv6_prefix",
                "-e",
                "bgp.update.path_attribute.as_path_segment.as4",
                "-e",
                "bgp.update.path_attribute.next_hop",
                "-e",
                "bgp.update.path_attribute.community_as",
                "-e",
                "bgp.update.path_attribute.community_value")
            .redirectErrorStream(false)
            .start();
    String fields = new String(decode.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(decode.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<String> seenPrefixes = new ArrayList<>();
    for (String line : fields.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\\|", -1);
      List<String> prefixes = new ArrayList<>();
      for (String p : (f[0] + "," + f[1]).split(",")) {
        if (!p.isBlank()) {
          prefixes.add(p);
        }
      }
      for (String p : prefixes) {
        BgpRoute r =
            speaker.ribIn(IpAddress.parse(GOBGP)).stream()
                .filter(x -> x.prefix().network().toString().equals(p))
                .findFirst()
                .orElseThrow(() -> new AssertionError("tshark saw " + p + ", Gingham did not"));
        seenPrefixes.add(p);
        assertThat(f[2]).isEqualTo(asns(r));
        if (!f[3].isBlank()) {
          assertThat(f[3]).isEqualTo(r.attributes().nextHop().toString());
        }
        if (!f[4].isBlank()) {
          assertThat(f[4] + ":" + f[5])
              .isEqualTo(
                  r.attributes().communities().get(0).high()
                      + ":"
                      + r.attributes().communities().get(0).low());
        }
      }
    }
    assertThat(seenPrefixes)
        .as(
            "tshark's fields:\n%s\ncapture log:\n%s\npcap bytes: %d",
            fields, read(capLog), Files.size(pcap))
        .containsExactlyInAnyOrder("10.120.0.0", "10.121.0.0", "2001:db8:120::");
  }

  private static String asns(BgpRoute r) {
    StringBuilder sb = new StringBuilder();
    for (long a : r.attributes().asPath().toArray()) {
      sb.append(sb.length() > 0 ? "," : "").append(a);
    }
    return sb.toString();
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
