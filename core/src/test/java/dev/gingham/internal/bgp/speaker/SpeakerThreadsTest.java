package dev.gingham.internal.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerState;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Speakers of one {@link SpeakerThreads}: they peer and carry routes, and share their threads. */
class SpeakerThreadsTest {
  private static final IpPrefix ROUTE = IpPrefix.parse("10.9.0.0/26");

  @Test
  void speakersOnSharedThreadsPeerAndCloseWithoutStoppingTheOthers() throws Exception {
    try (SpeakerThreads threads = SpeakerThreads.create("shared", 2, 2);
        Speakers speakers = new Speakers()) {
      NettySpeakerFactory factory = NettySpeakerFactory.sharing(threads);
      Set<String> before = threadNames();
      // Three ASes, so that b passes a's route on to c.
      BgpSpeaker a = speakers.add(start(factory, "127.0.0.31", 65001));
      BgpSpeaker b = speakers.add(start(factory, "127.0.0.32", 65002));
      BgpSpeaker c = speakers.add(start(factory, "127.0.0.33", 65003));
      List<BgpEvent> heard = new CopyOnWriteArrayList<>();
      b.events(EventOptions.DEFAULTS.bestPathsOnly(), heard::add);
      Speakers.connect(a, x -> x, b, x -> x);
      Speakers.connect(c, x -> x, b, x -> x);

      a.announceAll(List.of(BgpRoute.of(ROUTE, PathAttributes.builder().build())));
      SpeakerTest.await(
          "b's best-path event for the route",
          () ->
              heard.stream()
                  .anyMatch(
                      e -> e instanceof BgpEvent.BestPathChanged p && p.prefix().equals(ROUTE)));
      SpeakerTest.await("the route at c through b", () -> hasRoute(c));

      // Three speakers, each with its sessions: no thread of their own beyond the shared ones.
      Set<String> started = threadNames();
      started.removeAll(before);
      started.removeIf(n -> !n.startsWith("gingham-"));
      assertThat(started)
          .isNotEmpty()
          .allMatch(
              n ->
                  n.startsWith("gingham-bgp-shared-") || n.startsWith("gingham-bgp-events-shared-"))
          .hasSizeLessThanOrEqualTo(4); // 2 loops, 2 delivery threads

      a.close();
      SpeakerTest.await("c loses the route a announced", () -> !hasRoute(c));
      assertThat(b.peer(Speakers.address(c)).state()).isEqualTo(PeerState.ESTABLISHED);
      assertThat(c.peers()).hasSize(1); // c still answers: the shared loops run on
    }
  }

  @Test
  void everySessionRunsOnItsSpeakersOwnLoop() throws Exception {
    // Three loops for four speakers in a full mesh: a channel that the group placed by its own
    // round robin would land on another speaker's loop and touch this one's state from there.
    try (SpeakerThreads threads = SpeakerThreads.create("mesh", 3, 1);
        Speakers speakers = new Speakers()) {
      NettySpeakerFactory factory = NettySpeakerFactory.sharing(threads);
      List<BgpSpeaker> mesh = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        mesh.add(speakers.add(start(factory, "127.0.0.4" + i, 65100 + i)));
      }
      for (int i = 0; i < mesh.size(); i++) {
        for (int j = i + 1; j < mesh.size(); j++) {
          Speakers.connect(mesh.get(i), x -> x, mesh.get(j), x -> x);
        }
      }
      for (BgpSpeaker s : mesh) {
        assertThat(s.peers()).hasSize(3).allMatch(p -> p.state() == PeerState.ESTABLISHED);
        assertThat(((NettySpeaker) s).sessionsOnItsLoop()).as("%s's sessions", s).isTrue();
      }
    }
  }

  @Test
  void sharedThreadsNeedALoopAndADeliveryThread() {
    assertThatThrownBy(() -> SpeakerThreads.create("x", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loops=0");
    assertThatThrownBy(() -> SpeakerThreads.create("x", 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deliverers=0");
  }

  private static BgpSpeaker start(NettySpeakerFactory factory, String address, long as) {
    IpAddress at = IpAddress.parse(address);
    return factory.start(
        BgpSpeaker.builder()
            .localAs(as)
            .routerId((Ipv4Address) at)
            .listen(at, 0)
            .name("test-" + address)
            .config());
  }

  private static boolean hasRoute(BgpSpeaker s) {
    for (BgpRoute r : s.locRib()) {
      if (r.prefix().equals(ROUTE)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
