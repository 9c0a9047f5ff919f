package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.BgpMessageType;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.net.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ExaBGP sends raw malformed attributes (RFC 7606): the session stays up with treat-as-withdraw
 * where the RFC says so, and ends with the right NOTIFICATION where it does not.
 */
class ExabgpMalformedTest extends InteropFixture {
  static final String EXABGP = "127.0.0.6";
  static final Duration WAIT = Duration.ofSeconds(40);

  Process exabgp;
  Path log;

  void start(String routes) throws IOException {
    Path bin =
        Prerequisites.require("/usr/sbin/exabgp", "/usr/bin/exabgp", "/usr/local/bin/exabgp");
    startSpeaker(65001, "exabgp-malformed");
    int port = speakerPort();
    speaker.addPeer(
        PeerConfig.builder(IpAddress.parse(EXABGP), 65006)
            .passive(true)
            .holdTime(Duration.ofSeconds(9))
            .build());
    Path conf = dir.resolve("exabgp.conf");
    Files.writeString(
        conf,
        "neighbor "
            + GINGHAM
            + " {\n"
            + "  router-id "
            + EXABGP
            + ";\n"
            + "  local-address "
            + EXABGP
            + ";\n"
            + "  local-as 65006;\n"
            + "  peer-as 65001;\n"
            + "  hold-time 9;\n"
            + "  connect "
            + port
            + ";\n"
            + "  family { ipv4 unicast; ipv6 unicast; }\n"
            + "  static {\n"
            + routes
            + "  }\n"
            + "}\n");
    log = dir.resolve("exabgp.log");
    ProcessBuilder pb =
        new ProcessBuilder(bin.toString(), conf.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("exabgp.api.cli", "false");
    pb.environment().put("exabgp.daemon.user", "root");
    pb.environment().put("exabgp.daemon.drop", "false");
    pb.environment().put("exabgp.tcp.bind", "");
    pb.environment().put("exabgp.log.destination", "stdout");
    pb.environment().put("exabgp.log.packets", "true");
    exabgp = pb.start();
    Process started = exabgp;
    daemon =
        () -> {
          started.destroy();
          if (!started.waitFor(5, TimeUnit.SECONDS)) {
            started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        };
  }

  PeerStatus status() {
    return speaker.peer(IpAddress.parse(EXABGP));
  }

  List<String> ribIn() {
    return speaker.ribIn(IpAddress.parse(EXABGP)).stream().map(r -> r.prefix().toString()).toList();
  }

  String exabgpLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "\nexabgp:\n" + exabgpLog());
  }

  @Test
  void malformedAsPathOriginAndNextHopAreTreatedAsWithdrawAndTheSessionStaysUp() throws Exception {
    start(
        // A valid route, sent last so that everything before it has been processed.
        "    route 10.90.2.0/24 next-hop 192.0.2.6 attribute [ 0x02 0x40 0x0205000000fd ];\n"
            + "    route 10.90.3.0/24 next-hop 192.0.2.6 attribute [ 0x01 0x40 0x0000 ];\n"
            + "    route 10.90.4.0/24 next-hop 224.0.0.5;\n"
            + "    route 10.90.5.0/24 next-hop 192.0.2.6 attribute [ 0x08 0xc0 0x000102 ];\n"
            + "    route 10.90.9.0/24 next-hop 192.0.2.6 community [ 65006:9 ];\n");
    await("the session", () -> status().state() == PeerState.ESTABLISHED);
    await("the valid route", () -> ribIn().contains("10.90.9.0/24"));
    Thread.sleep(1000); // any NOTIFICATION for the malformed UPDATEs would have been sent by now

    PeerStatus s = status();
    assertThat(s.state()).isEqualTo(PeerState.ESTABLISHED);
    assertThat(s.counters().sent(BgpMessageType.NOTIFICATION)).isZero();
    assertThat(s.counters().received(BgpMessageType.UPDATE)).isGreaterThanOrEqualTo(5);
    assertThat(ribIn())
        .contains("10.90.9.0/24")
        .doesNotContain("10.90.2.0/24", "10.90.3.0/24", "10.90.4.0/24", "10.90.5.0/24");
  }

  @Test
  void aMalformedMpReachNextHopLengthResetsTheSessionWithAnUpdateError() throws Exception {
    // MP_REACH_NLRI for IPv6 unicast with a 5-byte next hop: RFC 7606 section 7.11 says the NLRI
    // cannot be located, so the session is reset (UPDATE Message Error / Optional Attribute Error).
    start(
        "    route 10.91.1.0/24 next-hop 192.0.2.6"
            + " attribute [ 0x0e 0x80 0x0002010520010db800003020010db80001 ];\n");
    await(
        "a NOTIFICATION from Gingham",
        () -> status().counters().sent(BgpMessageType.NOTIFICATION) > 0);
    assertThat(status().lastError()).contains("MP_REACH_NLRI").contains("(3/9)");
    assertThat(ribIn()).doesNotContain("10.91.1.0/24");
  }

  @Test
  void anUnknownOptionalTransitiveAttributeIsPassedOnWithThePartialBit() throws Exception {
    start("    route 10.92.1.0/24 next-hop 192.0.2.6 attribute [ 0xf0 0xc0 0x0102 ];\n");
    await("the route", () -> ribIn().contains("10.92.1.0/24"));
    dev.gingham.bgp.UnknownAttribute in =
        speaker.ribIn(IpAddress.parse(EXABGP)).get(0).attributes().unknown().get(0);
    assertThat(in.type()).isEqualTo(0xf0);
    assertThat(in.value()).containsExactly(1, 2);

    // A second Gingham speaker, an eBGP peer of the first, receives it with Partial set.
    IpAddress next = IpAddress.parse("127.0.0.8");
    try (dev.gingham.bgp.BgpSpeaker downstream =
        dev.gingham.bgp.BgpSpeaker.builder()
            .localAs(65008)
            .routerId(dev.gingham.net.Ipv4Address.parse("127.0.0.8"))
            .listen(next, 0)
            .start()) {
      downstream.addPeer(
          PeerConfig.builder(IpAddress.parse(GINGHAM), 65001)
              .port(speakerPort())
              .localAddress(next)
              .connectRetryTime(Duration.ofSeconds(1))
              .build());
      speaker.addPeer(PeerConfig.builder(next, 65008).passive(true).build());
      await(
          "the route downstream",
          () ->
              downstream.locRib().stream()
                  .anyMatch(r -> r.prefix().toString().equals("10.92.1.0/24")));
      dev.gingham.bgp.UnknownAttribute out =
          downstream.locRib().get(0).attributes().unknown().get(0);
      assertThat(out.type()).isEqualTo(0xf0);
      assertThat(out.flags() & dev.gingham.bgp.UnknownAttribute.FLAG_PARTIAL).isNotZero();
      assertThat(out.isOptionalTransitive()).isTrue();
      assertThat(out.value()).containsExactly(1, 2);
    }
  }
}
