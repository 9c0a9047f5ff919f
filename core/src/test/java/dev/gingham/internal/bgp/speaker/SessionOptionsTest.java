package dev.gingham.internal.bgp.speaker;

import static dev.gingham.internal.bgp.speaker.SpeakerTest.await;
import static dev.gingham.internal.bgp.speaker.Speakers.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerTable;
import dev.gingham.bgp.RibSummary;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Extended messages, TCP-MD5 and injected tables, between Gingham speakers on loopback. */
class SessionOptionsTest {
  final Speakers speakers = new Speakers();

  @AfterEach
  void close() {
    speakers.close();
  }

  static PathAttributes withCommunities(int n) {
    PathAttributes.Builder b = PathAttributes.builder();
    for (int i = 0; i < n; i++) {
      b.addCommunity(Community.of(65_001, i));
    }
    return b.build();
  }

  @Test
  void extendedMessagesCarryAttributesOver4096BytesAndAPeerWithoutThemIsSpared() throws Exception {
    BgpSpeaker a = speakers.start("127.0.4.1", 65_001);
    BgpSpeaker big = speakers.start("127.0.4.2", 65_002);
    BgpSpeaker small = speakers.start("127.0.4.3", 65_003);
    Speakers.connect(a, p -> p, big, p -> p);
    Speakers.connect(a, p -> p, small, p -> p.extendedMessages(false));
    assertThat(a.peer(address(big)).session().extendedMessages()).isTrue();
    assertThat(a.peer(address(small)).session().extendedMessages()).isFalse();

    a.announce(BgpRoute.of(IpPrefix.parse("10.41.0.0/16"), withCommunities(3000)));
    a.announce(BgpRoute.of(IpPrefix.parse("10.42.0.0/16"), withCommunities(2)));

    await(
        "both routes at the peer with extended messages", () -> big.ribIn(address(a)).size() == 2);
    assertThat(big.ribIn(address(a)))
        .filteredOn(r -> r.prefix().toString().equals("10.41.0.0/16"))
        .singleElement()
        .satisfies(r -> assertThat(r.attributes().communities()).hasSize(3000));
    await("the small route at the other peer", () -> small.ribIn(address(a)).size() == 1);
    Thread.sleep(300);
    assertThat(small.ribIn(address(a)))
        .extracting(r -> r.prefix().toString())
        .containsExactly("10.42.0.0/16");
    assertThat(small.peer(address(a)).state()).isEqualTo(PeerState.ESTABLISHED);
  }

  @Test
  void tcpMd5SessionsComeUpWithTheRightPasswordAndNeverWithAWrongOne() throws Exception {
    BgpSpeaker a = speakers.start("127.0.4.11", 65_011);
    BgpSpeaker b = speakers.start("127.0.4.12", 65_012);
    BgpSpeaker c = speakers.start("127.0.4.13", 65_013);
    Speakers.connect(a, p -> p.password("s3cret-AB"), b, p -> p.password("s3cret-AB"));
    assertThat(a.peer(address(b)).config().toString()).doesNotContain("s3cret");

    a.addPeer(Speakers.toward(a, c).password("right").build());
    c.addPeer(Speakers.toward(c, a).password("wrong").build());
    BgpSpeaker d = speakers.start("127.0.4.14", 65_014);
    a.addPeer(Speakers.toward(a, d).password("only-a-has-one").build());
    d.addPeer(Speakers.toward(d, a).build());
    // Both sides retry every half second; signed segments with the wrong key are dropped by the
    // kernel, so no OPEN ever arrives.
    long until = System.nanoTime() + 6_000_000_000L;
    while (System.nanoTime() < until) {
      assertThat(a.peer(address(c)).state()).isNotIn(PeerState.OPEN_CONFIRM, PeerState.ESTABLISHED);
      assertThat(c.peer(address(a)).state()).isNotIn(PeerState.OPEN_CONFIRM, PeerState.ESTABLISHED);
      assertThat(d.peer(address(a)).state()).isNotIn(PeerState.OPEN_CONFIRM, PeerState.ESTABLISHED);
      Thread.sleep(200);
    }
    assertThat(a.peer(address(c)).counters().received(dev.gingham.bgp.BgpMessageType.OPEN))
        .isZero();
    assertThat(a.peer(address(b)).state()).isEqualTo(PeerState.ESTABLISHED);
    // Fixing the password brings the session up.
    c.updatePeer(Speakers.toward(c, a).password("right").build());
    await(
        "the session with the right password",
        () -> a.peer(address(c)).state() == PeerState.ESTABLISHED);
  }

  @Test
  void anInjectedTableIsALearnedTableThatIsExportedAndRemovedWhole() throws Exception {
    BgpSpeaker a = speakers.start("127.0.4.21", 65_021);
    BgpSpeaker b = speakers.start("127.0.4.22", 65_022);
    Speakers.connect(a, p -> p, b, p -> p);
    IpAddress mrtPeer = IpAddress.parse("192.0.2.99");
    PeerIdentity who = new PeerIdentity(mrtPeer, 65_099, Ipv4Address.parse("192.0.2.99"));
    List<BgpRoute> routes =
        List.of(
            route("10.51.0.0/16", "65099 65100"),
            route("10.52.0.0/16", "65099"),
            route("10.53.0.0/16", "65099 65021"));
    a.injectTable(new PeerTable(who, routes));

    assertThat(a.ribIn(mrtPeer)).hasSize(3);
    // The route whose path holds a's own AS is looped: in the table, not in the Loc-RIB.
    assertThat(a.ribSummary()).isEqualTo(new RibSummary(2, 0, 2));
    assertThat(a.locRibTables())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.peer()).isEqualTo(who);
              assertThat(t.routes()).hasSize(2);
            });
    await("the injected routes at b", () -> b.ribIn(address(a)).size() == 2);
    assertThat(b.ribIn(address(a)).get(0).attributes().asPath())
        .isEqualTo(AsPath.parse("65021 65099 65100"));

    assertThatThrownBy(
            () ->
                a.injectTable(
                    new PeerTable(
                        new PeerIdentity(address(b), 65_022, Ipv4Address.parse("10.0.0.1")),
                        routes)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a configured peer");
    BgpRoute noNextHop =
        BgpRoute.of(IpPrefix.parse("10.59.0.0/16"), PathAttributes.builder().build());
    assertThatThrownBy(() -> a.injectTable(new PeerTable(who, List.of(noNextHop))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.59.0.0/16");
    assertThat(a.ribIn(mrtPeer)).as("a rejected table changes nothing").hasSize(3);

    assertThat(a.removeInjectedTable(mrtPeer)).isTrue();
    assertThat(a.removeInjectedTable(mrtPeer)).isFalse();
    await("the routes withdrawn from b", () -> b.ribIn(address(a)).isEmpty());
    assertThat(a.ribSummary().prefixes()).isZero();
  }

  static BgpRoute route(String prefix, String path) {
    return BgpRoute.learned(
        IpPrefix.parse(prefix),
        PathAttributes.builder()
            .asPath(AsPath.parse(path))
            .nextHop(IpAddress.parse("192.0.2.99"))
            .build(),
        IpAddress.parse("192.0.2.99"),
        false);
  }
}
