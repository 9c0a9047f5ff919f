package dev.gingham.benchmarks.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The replay feeder against a real Gingham speaker on loopback, in this JVM: the routes arrive
 * whole, with the attributes an eBGP export gives them, and a receiver whose OPEN does not fit
 * fails the session clearly.
 */
class ReplayFeederTest {
  private static final FeedTable TABLE =
      FeedTable.generate(new FeedTable.Spec(7, 3_000, 10, 400, 0));

  /** A receiver that is a speaker in this JVM, listening on a loopback address. */
  private static final class InProcess extends RouteReceiver {
    private final BgpSpeaker speaker;

    InProcess(String address, long as) {
      super("in-process", address);
      speaker =
          BgpSpeaker.builder()
              .localAs(as)
              .routerId(Ipv4Address.parse(address))
              .listen(IpAddress.parse(address), port)
              .name("receiver")
              .start();
      speaker.addPeer(
          PeerConfig.builder(IpAddress.parse(FullTableHarness.FEEDER), FullTableHarness.FEEDER_AS)
              .passive(true)
              .holdTime(Duration.ofSeconds(240))
              .families(Set.of(AddressFamily.IPV4_UNICAST))
              .build());
    }

    @Override
    void start(Path dir, String feeder, long feederAs) {}

    @Override
    long ipv4Prefixes() {
      return speaker.ribSummary().ipv4Prefixes();
    }

    @Override
    long pid() {
      return ProcessHandle.current().pid();
    }

    @Override
    public void close() {
      speaker.close();
    }
  }

  private static List<BgpRoute> ipv4Routes() {
    return TABLE.peerTable(false).routes();
  }

  @Test
  void sendsEveryRouteWithTheAttributesOfAnEbgpExport() throws Exception {
    ReplayFeeder feeder =
        ReplayFeeder.of(
            ipv4Routes(), FullTableHarness.FEEDER_AS, Ipv4Address.parse(FullTableHarness.FEEDER));
    try (InProcess receiver = new InProcess("127.0.0.41", RouteReceiver.AS);
        Feeder.Session session = feeder.open(receiver, Duration.ofSeconds(20))) {
      assertThat(session.establishedAt()).isPositive();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (receiver.ipv4Prefixes() < TABLE.ipv4Count() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(session.failure()).isNull();
      assertThat(receiver.ipv4Prefixes()).isEqualTo(TABLE.ipv4Count());
      assertThat(session.sentAt()).isGreaterThanOrEqualTo(session.establishedAt());
      Map<IpPrefix, BgpRoute> got =
          receiver.speaker.locRib().stream()
              .collect(Collectors.toMap(BgpRoute::prefix, Function.identity()));
      for (int i = 0; i < TABLE.ipv4Count(); i += 97) {
        BgpRoute r = got.get(TABLE.ipv4Prefix(i));
        assertThat(r).as("route %s", TABLE.ipv4Prefix(i)).isNotNull();
        var sent = TABLE.ipv4Attributes(i);
        assertThat(r.attributes().asPath())
            .isEqualTo(sent.asPath().prepend(FullTableHarness.FEEDER_AS, 1));
        assertThat(r.attributes().nextHop()).isEqualTo(IpAddress.parse(FullTableHarness.FEEDER));
        assertThat(r.attributes().communities()).isEqualTo(sent.communities());
        assertThat(r.attributes().largeCommunities()).isEqualTo(sent.largeCommunities());
        assertThat(r.attributes().hasMed()).isFalse();
        assertThat(r.attributes().origin()).isEqualTo(sent.origin());
      }
    }
  }

  @Test
  void aReceiverInAnotherAsFailsTheHandshakeNamingIt() throws Exception {
    ReplayFeeder feeder =
        ReplayFeeder.of(
            ipv4Routes(), FullTableHarness.FEEDER_AS, Ipv4Address.parse(FullTableHarness.FEEDER));
    try (InProcess receiver = new InProcess("127.0.0.42", 65_002)) {
      assertThatThrownBy(() -> feeder.open(receiver, Duration.ofSeconds(20)).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("AS " + RouteReceiver.AS)
          .hasMessageContaining("127.0.0.42");
      assertThat(receiver.ipv4Prefixes()).isZero();
    }
  }

  @Test
  void refusesIpv6Routes() {
    List<BgpRoute> routes = TABLE.peerTable(true).routes();
    assertThatThrownBy(
            () ->
                ReplayFeeder.of(
                    routes, FullTableHarness.FEEDER_AS, Ipv4Address.parse(FullTableHarness.FEEDER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TABLE.ipv6Prefix(0).toString());
  }
}
