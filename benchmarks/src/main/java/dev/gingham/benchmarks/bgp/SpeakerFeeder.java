package dev.gingham.benchmarks.bgp;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerTable;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The ingest harness's live feeder ({@code --feeder speaker}): a Gingham speaker with the table
 * injected, which exports it to each receiver it is given as a peer. Its export rate bounds the
 * ingest figure; {@link ReplayFeeder} does not.
 */
final class SpeakerFeeder implements Feeder, AutoCloseable {
  private final BgpSpeaker speaker;
  private final Map<IpAddress, Long> establishedAt = new ConcurrentHashMap<>();
  private final EventSubscription sub;

  /** Starts the speaker as the harness's feeder, with {@code table} injected. */
  SpeakerFeeder(PeerTable table) {
    speaker =
        BgpSpeaker.builder()
            .localAs(FullTableHarness.FEEDER_AS)
            .routerId(Ipv4Address.parse(FullTableHarness.FEEDER))
            .name("feeder")
            .start();
    speaker.injectTable(table);
    sub =
        speaker.events(
            EventOptions.DEFAULTS.withReplay(false).peerStatesOnly(),
            e -> {
              if (e instanceof BgpEvent.PeerStateChanged
                  && ((BgpEvent.PeerStateChanged) e).current() == PeerState.ESTABLISHED) {
                establishedAt.put(((BgpEvent.PeerStateChanged) e).peer(), System.nanoTime());
              }
            });
  }

  @Override
  public String name() {
    return "speaker";
  }

  /** Adds the receiver as a peer; the speaker connects and exports in the background. */
  @Override
  public Session open(RouteReceiver receiver, Duration timeout) {
    IpAddress address = IpAddress.parse(receiver.address);
    PeerConfig.Builder peer =
        PeerConfig.builder(address, RouteReceiver.AS)
            .port(receiver.port)
            .localAddress(IpAddress.parse(FullTableHarness.FEEDER))
            .holdTime(Duration.ofSeconds(240))
            .connectRetryTime(Duration.ofSeconds(1))
            .families(Set.of(AddressFamily.IPV4_UNICAST));
    if (receiver.refusesLoopbackNextHops()) {
      peer.ipv4NextHop(FullTableHarness.nextHop(receiver)); // else its own address, the same one
    }
    speaker.addPeer(peer.build());
    return new Session() {
      @Override
      public long establishedAt() {
        Long t = establishedAt.get(address);
        return t == null ? -1 : t;
      }

      @Override
      public long sentAt() {
        return -1; // the speaker does not say when its export is done
      }

      @Override
      public @Nullable String failure() {
        return null; // the speaker retries; a failed session shows as a timeout
      }

      @Override
      public void close() {
        speaker.removePeer(address);
        establishedAt.remove(address);
      }
    };
  }

  @Override
  public void close() {
    sub.close();
    speaker.close();
  }
}
