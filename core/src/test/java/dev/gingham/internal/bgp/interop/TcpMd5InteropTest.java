package dev.gingham.internal.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TCP-MD5 (RFC 2385) with BIRD's {@code password}: the same password establishes the session and
 * carries routes; a wrong one never establishes it, from either side's point of view.
 */
class TcpMd5InteropTest extends InteropFixture {
  static final String BIRD = "127.0.0.4";
  static final long AS = 65_020;

  Bird startBird(String password) throws Exception {
    startSpeaker(AS, "md5-bird");
    String protocols =
        "protocol static s4 { ipv4; route 10.52.0.0/24 blackhole; }\n"
            + "protocol bgp gingham {\n  local "
            + BIRD
            + " port %PORT% as "
            + AS
            + ";\n  neighbor "
            + GINGHAM
            + " port "
            + speakerPort()
            + " as "
            + AS
            + ";\n  password \""
            + password
            + "\";\n"
            + "  hold time 9; connect retry time 1; connect delay time 1;\n"
            + "  ipv4 { import all; export all; gateway recursive; igp table master4; };\n}\n";
    Bird bird = Bird.start(dir, BIRD, protocols);
    daemon = bird;
    return bird;
  }

  PeerConfig peer(Bird bird, String password) {
    return PeerConfig.builder(IpAddress.parse(BIRD), AS)
        .port(bird.port)
        .localAddress(IpAddress.parse(GINGHAM))
        .connectRetryTime(Duration.ofSeconds(1))
        .holdTime(Duration.ofSeconds(9))
        .password(password)
        .build();
  }

  @Test
  void theSamePasswordEstablishesAndCarriesRoutes() throws Exception {
    Bird bird = startBird("gingham-md5-secret");
    speaker.addPeer(peer(bird, "gingham-md5-secret"));
    Daemon.await(
        Duration.ofSeconds(30),
        "the signed session with BIRD",
        () -> speaker.peer(IpAddress.parse(BIRD)).state() == PeerState.ESTABLISHED,
        bird.daemon());
    Daemon.await(
        Duration.ofSeconds(30),
        "BIRD's route over the signed session",
        () -> ribIn(BIRD, "10.52.0.0/24").isPresent(),
        bird.daemon());
    assertThat(bird.birdc("show", "protocols", "gingham")).contains("Established");
  }

  @Test
  void aWrongPasswordNeverEstablishes() throws Exception {
    Bird bird = startBird("the-right-one");
    speaker.addPeer(peer(bird, "a-wrong-one"));
    // Both sides retry every second: 12 s is a dozen attempts each way, all of them dropped by
    // the kernel for their signatures.
    long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
    while (System.nanoTime() < end) {
      assertThat(speaker.peer(IpAddress.parse(BIRD)).state()).isNotEqualTo(PeerState.ESTABLISHED);
      assertThat(bird.birdc("show", "protocols", "gingham")).doesNotContain("Established");
      Thread.sleep(500);
    }
    assertThat(speaker.peer(IpAddress.parse(BIRD)).state())
        .isIn(PeerState.IDLE, PeerState.CONNECT, PeerState.ACTIVE);
    assertThat(ribIn(BIRD, "10.52.0.0/24")).isEmpty();
  }
}
