package dev.gingham.internal.bgp.interop;

import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every interop test shares: a Gingham speaker on {@value #GINGHAM}, the real daemon it talks
 * to, and their teardown, which runs even when the test fails.
 */
abstract class InteropFixture {
  static final String GINGHAM = "127.0.0.2";

  @TempDir Path dir;
  BgpSpeaker speaker;
  @Nullable AutoCloseable daemon;

  @AfterEach
  void stopSpeakerAndDaemon() throws Exception {
    try {
      if (speaker != null) {
        speaker.close();
      }
    } finally {
      if (daemon != null) {
        daemon.close();
      }
    }
  }

  /** Starts the speaker, listening on a free port of {@value #GINGHAM}. */
  BgpSpeaker startSpeaker(long as, String name) {
    speaker =
        BgpSpeaker.builder()
            .localAs(as)
            .routerId(Ipv4Address.parse(GINGHAM))
            .listen(IpAddress.parse(GINGHAM), 0)
            .name(name)
            .start();
    return speaker;
  }

  /** The speaker's port. */
  int speakerPort() {
    return speaker.listenAddress().orElseThrow().getPort();
  }

  /** The route to {@code prefix} in the Adj-RIB-In of {@code peer}, if there is one. */
  Optional<BgpRoute> ribIn(String peer, String prefix) {
    IpPrefix p = IpPrefix.parse(prefix);
    return speaker.ribIn(IpAddress.parse(peer)).stream()
        .filter(r -> r.prefix().equals(p))
        .findFirst();
  }
}
