package dev.gingham.cli;

import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code gingham bgp serve} in a JVM of its own, peering with one peer, its output in {@code
 * serve.log} of the test's folder: started by {@link #start}, stopped by {@link #close} even when
 * the test failed.
 */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Writes the speaker's config and starts it.
   *
   * @param address where it listens and connects from
   * @param as its AS
   * @param port its port
   * @param socket its control socket
   * @param peer the peer's address, AS and port, as the config's {@code peers} entry holds them
   * @param extra more config lines (such as {@code announce:})
   */
  static ServeProcess start(
      Path dir, String address, long as, int port, Path socket, String peer, String extra)
      throws IOException {
    Path config = dir.resolve("speaker.yaml");
    Files.writeString(
        config,
        "as: "
            + as
            + "\nrouter-id: "
            + address
            + "\nlisten: {address: "
            + address
            + ", port: "
            + port
            + "}\ncontrol-socket: "
            + socket
            + "\npeers:\n  - {"
            + peer
            + ", local-address: "
            + address
            + ", hold-time: 9, connect-retry: 1}\n"
            + extra);
    Path log = dir.resolve("serve.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "bgp",
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ServeProcess(p, log);
  }

  /** A speaker in this JVM that listens on a free port of {@code address}: the serve's peer. */
  static BgpSpeaker listeningPeer(String address, long as) {
    return BgpSpeaker.builder()
        .localAs(as)
        .routerId(Ipv4Address.parse(address))
        .listen(IpAddress.parse(address), 0)
        .start();
  }

  /** Makes the peer connect to the serve speaker too, retrying every second. */
  static void connect(BgpSpeaker peer, String peerAddress, String serve, long serveAs, int port) {
    peer.addPeer(
        PeerConfig.builder(IpAddress.parse(serve), serveAs)
            .port(port)
            .localAddress(IpAddress.parse(peerAddress))
            .connectRetryTime(Duration.ofSeconds(1))
            .build());
  }

  /** Stops a test's peer and serve process, whichever exist, the serve even if the peer throws. */
  static void stop(@Nullable BgpSpeaker peer, @Nullable ServeProcess serve)
      throws InterruptedException {
    try {
      if (peer != null) {
        peer.close();
      }
    } finally {
      if (serve != null) {
        serve.close();
      }
    }
  }

  /** What the speaker logged so far, for a failure's message. */
  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
