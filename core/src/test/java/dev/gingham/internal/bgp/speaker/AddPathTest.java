package dev.gingham.internal.bgp.speaker;

import static dev.gingham.internal.bgp.speaker.SpeakerTest.await;
import static dev.gingham.internal.bgp.speaker.Speakers.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AddPath;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ADD-PATH (RFC 7911) between Gingham speakers: a reflector with four paths to one prefix sends all
 * of them, or the best N, to a client that negotiated it, and one path alone to a client that did
 * not.
 */
class AddPathTest {
  static final long AS = 65_000;
  static final IpPrefix PREFIX = IpPrefix.parse("10.20.0.0/16");

  final Speakers speakers = new Speakers();

  @AfterEach
  void close() {
    speakers.close();
  }

  /** A reflector with four eBGP sources of PREFIX, each with another MED. */
  BgpSpeaker reflectorWithFourPaths() throws InterruptedException {
    BgpSpeaker rr = speakers.start("127.0.2.1", AS);
    for (int i = 0; i < 4; i++) {
      BgpSpeaker source = speakers.start("127.0.2." + (10 + i), 65_010 + i);
      Speakers.connect(rr, p -> p, source, p -> p);
      source.announce(BgpRoute.of(PREFIX, PathAttributes.builder().med(10 * i).build()));
    }
    await("four paths at the reflector", () -> rr.paths(PREFIX).size() == 4);
    return rr;
  }

  List<BgpRoute> received(BgpSpeaker client, BgpSpeaker rr) {
    List<BgpRoute> out = new ArrayList<>();
    for (BgpRoute r : client.ribIn(address(rr))) {
      if (r.prefix().equals(PREFIX)) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void aClientThatReceivesPathsGetsAllFourWithDistinctIdentifiersAndFollowsWithdrawals()
      throws Exception {
    BgpSpeaker rr = reflectorWithFourPaths();
    BgpSpeaker client = speakers.start("127.0.2.2", AS);
    Speakers.connect(
        rr,
        p -> p.routeReflectorClient(true).addPath(AddressFamily.IPV4_UNICAST, AddPath.sendAll()),
        client,
        p -> p.addPath(AddressFamily.IPV4_UNICAST, AddPath.receiveOnly()));
    assertThat(client.peer(address(rr)).session().addPath(AddressFamily.IPV4_UNICAST))
        .isEqualTo(AddPath.receiveOnly());
    assertThat(rr.peer(address(client)).session().addPath(AddressFamily.IPV4_UNICAST).sendPaths())
        .isEqualTo(AddPath.ALL);

    await("four paths at the client", () -> received(client, rr).size() == 4);
    Set<Integer> ids = new HashSet<>();
    Set<IpAddress> nextHops = new HashSet<>();
    for (BgpRoute r : received(client, rr)) {
      ids.add(r.pathId());
      nextHops.add(r.attributes().nextHop());
    }
    assertThat(ids).hasSize(4).doesNotContain(0);
    assertThat(nextHops).hasSize(4);
    assertThat(client.paths(PREFIX)).hasSize(4);
    assertThat(rr.ribOut(address(client))).hasSize(4);
  }

  @Test
  void aWithdrawnPathIsWithdrawnByItsIdentifier() throws Exception {
    BgpSpeaker rr = speakers.start("127.0.2.21", AS);
    List<BgpSpeaker> sources = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      BgpSpeaker source = speakers.start("127.0.2." + (30 + i), 65_020 + i);
      Speakers.connect(rr, p -> p, source, p -> p);
      source.announce(BgpRoute.of(PREFIX, PathAttributes.builder().build()));
      sources.add(source);
    }
    BgpSpeaker client = speakers.start("127.0.2.22", AS);
    Speakers.connect(
        rr,
        p -> p.routeReflectorClient(true).addPath(AddressFamily.IPV4_UNICAST, AddPath.sendAll()),
        client,
        p -> p.addPath(AddressFamily.IPV4_UNICAST, AddPath.receiveOnly()));
    await("three paths at the client", () -> received(client, rr).size() == 3);
    IpAddress gone = address(sources.get(1));
    sources.get(1).withdraw(PREFIX);
    await(
        "two paths left, none via " + gone,
        () ->
            received(client, rr).size() == 2
                && received(client, rr).stream()
                    .noneMatch(r -> gone.equals(r.attributes().nextHop())));
  }

  @Test
  void sendBestTwoSendsTheTwoBestAndAPeerWithoutAddPathGetsOne() throws Exception {
    BgpSpeaker rr = reflectorWithFourPaths();
    BgpSpeaker two = speakers.start("127.0.2.3", AS);
    BgpSpeaker plain = speakers.start("127.0.2.4", AS);
    Speakers.connect(
        rr,
        p -> p.routeReflectorClient(true).addPath(AddressFamily.IPV4_UNICAST, AddPath.sendBest(2)),
        two,
        p -> p.addPath(AddressFamily.IPV4_UNICAST, AddPath.receiveOnly()));
    Speakers.connect(
        rr,
        p -> p.routeReflectorClient(true).addPath(AddressFamily.IPV4_UNICAST, AddPath.sendAll()),
        plain,
        p -> p);
    await("two paths at the first client", () -> received(two, rr).size() == 2);
    await("one path at the second", () -> received(plain, rr).size() == 1);
    Thread.sleep(300);
    assertThat(received(two, rr)).hasSize(2);
    // Each path has a neighbouring AS of its own, so MED is not compared: the lowest router ids
    // (the sources' addresses) win.
    List<IpAddress> hops = received(two, rr).stream().map(r -> r.attributes().nextHop()).toList();
    assertThat(hops)
        .containsExactlyInAnyOrder(IpAddress.parse("127.0.2.10"), IpAddress.parse("127.0.2.11"));
    assertThat(received(plain, rr)).singleElement().satisfies(r -> assertThat(r.pathId()).isZero());
    assertThat(plain.peer(address(rr)).session().addPath(AddressFamily.IPV4_UNICAST))
        .isEqualTo(AddPath.OFF);
  }
}
