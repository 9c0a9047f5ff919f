package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeakerConfig;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerState;
import dev.gingham.internal.bgp.rib.AttributeInterner;
import dev.gingham.internal.bgp.rib.Candidate;
import dev.gingham.internal.bgp.rib.DecisionProcess;
import dev.gingham.internal.bgp.rib.LocRib;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.internal.bgp.rib.PrefixIndex;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one speaker that lives on its event loop: the peers, the prefix index, the Loc-RIB,
 * the locally originated routes and the event hub. Every method runs on the loop; not thread-safe.
 */
final class SpeakerCore {
  private static final Logger LOG = LoggerFactory.getLogger(SpeakerCore.class);

  final BgpSpeakerConfig config;
  final Transport transport;
  final PrefixIndex index = new PrefixIndex();
  final AttributeInterner interner = new AttributeInterner();
  final LocRib locRib;
  final PathSource localSource;
  final Map<IpAddress, Peer> peers = new TreeMap<>();
  final Map<IpPrefix, PathAttributes> localRoutes = new TreeMap<>();
  final EventHub events;
  private final EventLoop loop;

  SpeakerCore(BgpSpeakerConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
    this.loop = transport.group.next();
    this.events = new EventHub(config.name());
    this.localSource = PathSource.local(config.routerId().toInt());
    this.locRib =
        new LocRib(
            index,
            new DecisionProcess(config.alwaysCompareMed(), config.igpCost()),
            this::bestChanged);
  }

  EventLoop loop() {
    return loop;
  }

  private void bestChanged(int id, @Nullable Candidate previous, @Nullable Candidate best) {
    for (Peer p : peers.values()) {
      p.bestChanged(id);
    }
    if (events.wantsBestPaths()) {
      IpPrefix prefix = index.prefix(id);
      events.publish(
          new BgpEvent.BestPathChanged(
              prefix, route(prefix, id, best), route(prefix, id, previous)));
    }
  }

  /** The API view of a candidate. */
  @Nullable BgpRoute route(IpPrefix prefix, int id, @Nullable Candidate c) {
    if (c == null) {
      return null;
    }
    IpAddress peer = c.source().peer();
    if (peer == null) {
      return BgpRoute.of(prefix, c.attributes());
    }
    Peer p = peers.get(peer);
    boolean stale = p != null && p.adjRibIn.isStale(id);
    return BgpRoute.learned(prefix, c.attributes(), peer, stale);
  }

  void peerStateChanged(Peer peer, PeerState previous, PeerState current, @Nullable String reason) {
    LOG.info(
        "peer {}: {} -> {}{}",
        peer.address(),
        previous,
        current,
        reason == null ? "" : " (" + reason + ")");
    events.publish(new BgpEvent.PeerStateChanged(peer.address(), previous, current, reason));
  }

  /** Hands an accepted connection to its peer, or closes it if no peer has that address. */
  void accept(Channel channel) {
    IpAddress remote = IpAddress.of(((InetSocketAddress) channel.remoteAddress()).getAddress());
    Peer peer = peers.get(remote);
    if (peer == null) {
      LOG.info("refusing a connection from {}: not a configured peer", remote);
      channel.close();
      return;
    }
    peer.accept(channel);
  }

  void announce(IpPrefix prefix, PathAttributes attributes) {
    PathAttributes interned = interner.apply(attributes);
    localRoutes.put(prefix, interned);
    locRib.update(index.id(prefix), localSource, localSource.candidate(interned));
  }

  void withdraw(IpPrefix prefix) {
    if (localRoutes.remove(prefix) != null) {
      int id = index.find(prefix);
      if (id >= 0) {
        locRib.update(id, localSource, null);
      }
    }
  }
}
