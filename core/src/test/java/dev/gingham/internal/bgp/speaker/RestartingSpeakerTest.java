package dev.gingham.internal.bgp.speaker;

import static dev.gingham.internal.bgp.speaker.SpeakerTest.await;
import static dev.gingham.internal.bgp.speaker.Speakers.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful restart (RFC 4724) with Gingham as the restarting speaker and another Gingham as the
 * helper: the helper keeps the routes while the speaker is down, the restarted speaker says
 * truthfully whether its forwarding state survived, defers its advertisements until End-of-RIB (or
 * its timer) and reports that through {@link BgpSpeaker#restarting()} and its events.
 */
class RestartingSpeakerTest {
  static final String HELPER = "127.0.5.1";
  static final String RESTARTER = "127.0.5.2";
  static final IpPrefix OWN = IpPrefix.parse("10.62.0.0/16");
  static final IpPrefix NEW = IpPrefix.parse("10.63.0.0/16");
  static final IpPrefix HELPERS = IpPrefix.parse("10.61.0.0/16");

  final Speakers speakers = new Speakers();

  @AfterEach
  void close() {
    speakers.close();
  }

  BgpSpeaker restarter(java.util.function.UnaryOperator<BgpSpeaker.Builder> settings) {
    return speakers.start(
        RESTARTER,
        65_002,
        b ->
            settings.apply(
                b.gracefulRestart(true)
                    .gracefulRestartTime(Duration.ofSeconds(60))
                    .selectionDeferralTime(Duration.ofSeconds(3))));
  }

  static Optional<BgpRoute> route(BgpSpeaker s, IpPrefix p) {
    return s.locRib().stream().filter(r -> r.prefix().equals(p)).findFirst();
  }

  /** A helper that peers with the restarter's fixed address, whatever its port. */
  BgpSpeaker helperWithRouteTo(BgpSpeaker first) throws InterruptedException {
    BgpSpeaker helper = speakers.start(HELPER, 65_001);
    helper.announce(BgpRoute.of(HELPERS, PathAttributes.builder().build()));
    Speakers.connect(helper, p -> p, first, p -> p);
    first.announce(BgpRoute.of(OWN, PathAttributes.builder().build()));
    await("the restarter's route at the helper", () -> route(helper, OWN).isPresent());
    return helper;
  }

  /**
   * The restarter again, after {@code closeForRestart}, on the port it had (the helper dials it
   * there), peering with the helper; its events go to {@code events} from before the first peer.
   */
  BgpSpeaker restartAndReconnect(
      BgpSpeaker first,
      BgpSpeaker helper,
      boolean forwardingKept,
      boolean extraPeer,
      List<BgpEvent> events) {
    int port = helper.peer(IpAddress.parse(RESTARTER)).config().port();
    BgpSpeaker again =
        restarter(b -> b.restarted(forwardingKept).listen(IpAddress.parse(RESTARTER), port));
    // Subscribed before the peer is added, so that a quick End-of-RIB cannot end the restart
    // before anyone listens.
    again.events(EventOptions.DEFAULTS, events::add);
    if (extraPeer) {
      // A configured peer that never comes up: the restart waits for it until the timer. Added
      // before the helper, whose End-of-RIB would otherwise end a restart with one peer.
      again.addPeer(
          PeerConfig.builder(IpAddress.parse("127.0.5.99"), 65_099)
              .port(1)
              .connectRetryTime(Duration.ofSeconds(30))
              .build());
    }
    again.addPeer(Speakers.toward(again, helper).build());
    return again;
  }

  @Test
  void theHelperKeepsTheRoutesAndTheRestartEndsAtEndOfRib() throws Exception {
    BgpSpeaker first = restarter(b -> b);
    assertThat(first.restarting()).isFalse();
    BgpSpeaker helper = helperWithRouteTo(first);
    // A fresh start preserved nothing: the Forwarding State bits are clear; the families are
    // listed.
    assertThat(helper.peer(address(first)).session().peerGracefulRestart()).isEmpty();
    assertThat(helper.peer(address(first)).session().peerRestartSeconds()).isEqualTo(60);

    first.closeForRestart();
    await(
        "the helper saw the session drop",
        () -> helper.peer(IpAddress.parse(RESTARTER)).state() != PeerState.ESTABLISHED);
    assertThat(route(helper, OWN)).hasValueSatisfying(r -> assertThat(r.stale()).isTrue());

    List<BgpEvent> events = new CopyOnWriteArrayList<>();
    BgpSpeaker again = restartAndReconnect(first, helper, true, false, events);
    again.announce(BgpRoute.of(OWN, PathAttributes.builder().build()));
    await("the restart done", () -> !again.restarting());
    await(
        "the route fresh again at the helper",
        () -> route(helper, OWN).map(r -> !r.stale()).orElse(false));
    assertThat(helper.peer(IpAddress.parse(RESTARTER)).session().peerGracefulRestart())
        .as("the restarted speaker kept its forwarding state and says so")
        .containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    assertThat(helper.peer(IpAddress.parse(RESTARTER)).session().peerRestarting()).isTrue();
    await(
        "the events",
        () ->
            events.stream()
                .anyMatch(
                    e ->
                        e instanceof BgpEvent.RestartStateChanged
                            && !((BgpEvent.RestartStateChanged) e).restarting()));
    assertThat(events.get(0))
        .isEqualTo(
            new BgpEvent.RestartStateChanged(
                true, "restarted gracefully; waiting for End-of-RIB from every peer"));
    assertThat(route(again, HELPERS)).isPresent();
  }

  @Test
  void advertisementsWaitForTheDeferralTimerWhileAPeerIsMissing() throws Exception {
    BgpSpeaker first = restarter(b -> b);
    BgpSpeaker helper = helperWithRouteTo(first);
    first.closeForRestart();
    await(
        "the helper saw the session drop",
        () -> helper.peer(IpAddress.parse(RESTARTER)).state() != PeerState.ESTABLISHED);

    BgpSpeaker again = restartAndReconnect(first, helper, true, true, new CopyOnWriteArrayList<>());
    again.announce(BgpRoute.of(OWN, PathAttributes.builder().build()));
    again.announce(BgpRoute.of(NEW, PathAttributes.builder().build()));
    long started = System.nanoTime();
    await(
        "the session up again",
        () -> helper.peer(IpAddress.parse(RESTARTER)).state() == PeerState.ESTABLISHED);
    await("the helper's route at the restarter", () -> route(again, HELPERS).isPresent());
    // Deferred: the helper still has only the stale route, and not the new one.
    assertThat(again.restarting()).isTrue();
    assertThat(route(helper, NEW)).isEmpty();
    assertThat(route(helper, OWN)).hasValueSatisfying(r -> assertThat(r.stale()).isTrue());

    await("the deferral timer", () -> !again.restarting());
    assertThat((System.nanoTime() - started) / 1e9).isGreaterThan(1.5);
    await("the new route at the helper", () -> route(helper, NEW).isPresent());
    await("the old one fresh", () -> route(helper, OWN).map(r -> !r.stale()).orElse(false));
  }

  @Test
  void aRestartThatLostItsForwardingStateSaysSoAndTheHelperDropsTheStaleRoutesAtOnce()
      throws Exception {
    BgpSpeaker first = restarter(b -> b);
    BgpSpeaker helper = helperWithRouteTo(first);
    first.closeForRestart();
    await(
        "the helper saw the session drop",
        () -> helper.peer(IpAddress.parse(RESTARTER)).state() != PeerState.ESTABLISHED);
    assertThat(route(helper, OWN)).hasValueSatisfying(r -> assertThat(r.stale()).isTrue());

    BgpSpeaker again =
        restartAndReconnect(first, helper, false, true, new CopyOnWriteArrayList<>());
    await(
        "the session up again",
        () -> helper.peer(IpAddress.parse(RESTARTER)).state() == PeerState.ESTABLISHED);
    assertThat(helper.peer(IpAddress.parse(RESTARTER)).session().peerGracefulRestart()).isEmpty();
    await("the stale route dropped before the restart ends", () -> route(helper, OWN).isEmpty());
    assertThat(again.restarting()).isTrue();
  }
}
