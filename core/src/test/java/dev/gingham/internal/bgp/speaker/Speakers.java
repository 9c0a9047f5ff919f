package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Gingham speakers on loopback addresses for a test, closed together (and even when the test fails)
 * by {@link #close()}.
 */
final class Speakers implements AutoCloseable {
  private final List<BgpSpeaker> all = new ArrayList<>();

  /** Starts a speaker on {@code address} with it as router id, listening on a free port. */
  BgpSpeaker start(String address, long as) {
    return start(address, as, b -> b);
  }

  /** Starts a speaker with further settings. */
  BgpSpeaker start(
      String address, long as, java.util.function.UnaryOperator<BgpSpeaker.Builder> settings) {
    IpAddress at = IpAddress.parse(address);
    BgpSpeaker s =
        settings
            .apply(
                BgpSpeaker.builder()
                    .localAs(as)
                    .routerId((Ipv4Address) at)
                    .listen(at, 0)
                    .name("test-" + address))
            .start();
    all.add(s);
    return s;
  }

  /** Adds a speaker started elsewhere, to be closed with the others. */
  BgpSpeaker add(BgpSpeaker s) {
    all.add(s);
    return s;
  }

  /** A peer config from {@code from} toward {@code to}, with a short connect-retry time. */
  static PeerConfig.Builder toward(BgpSpeaker from, BgpSpeaker to) {
    IpAddress toAddress = to.listenAddress().map(a -> IpAddress.of(a.getAddress())).orElseThrow();
    IpAddress fromAddress =
        from.listenAddress().map(a -> IpAddress.of(a.getAddress())).orElseThrow();
    return PeerConfig.builder(toAddress, to.config().localAs())
        .port(to.listenAddress().orElseThrow().getPort())
        .localAddress(fromAddress)
        .connectRetryTime(java.time.Duration.ofMillis(500));
  }

  /** The address a speaker listens on. */
  static IpAddress address(BgpSpeaker s) {
    return IpAddress.of(s.listenAddress().orElseThrow().getAddress());
  }

  /** Peers two speakers with the given settings on each side and waits for Established. */
  static void connect(
      BgpSpeaker a,
      java.util.function.UnaryOperator<PeerConfig.Builder> aSide,
      BgpSpeaker b,
      java.util.function.UnaryOperator<PeerConfig.Builder> bSide)
      throws InterruptedException {
    a.addPeer(aSide.apply(toward(a, b)).build());
    b.addPeer(bSide.apply(toward(b, a)).build());
    SpeakerTest.await(
        "a session between " + address(a) + " and " + address(b),
        () ->
            a.peer(address(b)).state() == PeerState.ESTABLISHED
                && b.peer(address(a)).state() == PeerState.ESTABLISHED);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (BgpSpeaker s : all) {
      try {
        s.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    all.clear();
    if (first != null) {
      throw first;
    }
  }
}
