package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeakerConfig;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerState;
import dev.gingham.internal.bgp.rib.AttributeInterner;
import dev.gingham.internal.bgp.rib.BestPathListener;
import dev.gingham.internal.bgp.rib.Candidate;
import dev.gingham.internal.bgp.rib.DecisionProcess;
import dev.gingham.internal.bgp.rib.LocRib;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.internal.bgp.rib.PrefixIndex;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one speaker that lives on its event loop: the peers, the injected tables, the prefix
 * index, the Loc-RIB, the locally originated routes, the graceful restart state and the event hub.
 * Every method runs on the loop; not thread-safe.
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
  final Map<IpAddress, InjectedTable> injected = new TreeMap<>();
  final Map<IpPrefix, PathAttributes> localRoutes = new TreeMap<>();
  final EventHub events;
  private final EventLoop loop;
  private @Nullable Channel server;
  private boolean restarting;
  private @Nullable ScheduledFuture<?> deferralTimer;

  SpeakerCore(BgpSpeakerConfig config, Transport transport, EventHub events) {
    this.config = config;
    this.transport = transport;
    this.loop = transport.group.next();
    this.events = events;
    this.localSource = PathSource.local(config.routerId().toInt());
    this.locRib =
        new LocRib(
            index,
            new DecisionProcess(config.alwaysCompareMed(), config.igpCost()),
            new BestPathListener() {
              @Override
              public void bestChanged(
                  int id, @Nullable Candidate previous, @Nullable Candidate best) {
                SpeakerCore.this.bestChanged(id, previous, best);
              }

              @Override
              public void pathsChanged(int id) {
                for (Peer p : peers.values()) {
                  p.pathsChanged(id);
                }
              }
            });
    this.restarting = config.restarted();
  }

  EventLoop loop() {
    return loop;
  }

  /** Starts the selection deferral timer of a restarted speaker; call once, on the loop. */
  void startRestart() {
    if (!restarting) {
      return;
    }
    long ms = config.selectionDeferralTime().toMillis();
    LOG.info(
        "{}: restarted gracefully (forwarding state {}); advertising after End-of-RIB from every"
            + " peer or in {} ms",
        config.name(),
        config.forwardingStatePreserved() ? "preserved" : "lost",
        ms);
    deferralTimer =
        loop.schedule(
            () -> {
              deferralTimer = null;
              finishRestart("the selection deferral time of " + ms + " ms ran out");
            },
            ms,
            TimeUnit.MILLISECONDS);
  }

  /** Whether a restarted speaker still defers its advertisements. */
  boolean restarting() {
    return restarting;
  }

  /** Ends the restart if every peer is ready (RFC 4724 section 4.1). */
  void checkRestartDone() {
    if (!restarting) {
      return;
    }
    for (Peer p : peers.values()) {
      if (!p.restartReady()) {
        return;
      }
    }
    finishRestart("every peer sent End-of-RIB");
  }

  private void finishRestart(String reason) {
    if (!restarting) {
      return;
    }
    restarting = false;
    if (deferralTimer != null) {
      deferralTimer.cancel(false);
      deferralTimer = null;
    }
    LOG.info("{}: graceful restart done: {}", config.name(), reason);
    events.publish(new BgpEvent.RestartStateChanged(false, reason));
    for (Peer p : peers.values()) {
      p.scheduleFlush();
    }
  }

  void cancelTimers() {
    if (deferralTimer != null) {
      deferralTimer.cancel(false);
      deferralTimer = null;
    }
  }

  /** Remembers the listening channel, for TCP-MD5 keys. */
  void server(@Nullable Channel server) {
    this.server = server;
  }

  /**
   * Gives the listening socket the TCP-MD5 key of every peer that has a password (RFC 2385), so
   * that their connections are signed; accepted connections inherit the keys.
   */
  void updateMd5Keys() {
    if (server == null || !transport.supportsMd5()) {
      return;
    }
    Map<InetAddress, byte[]> keys = new HashMap<>();
    for (Peer p : peers.values()) {
      String password = p.config().password();
      if (password != null) {
        keys.put(p.address().toInetAddress(), password.getBytes(StandardCharsets.UTF_8));
      }
    }
    server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
  }

  private void bestChanged(int id, @Nullable Candidate previous, @Nullable Candidate best) {
    for (Peer p : peers.values()) {
      p.bestChanged(id, best);
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
    boolean stale = p != null && p.adjRibIn.isStale(id, c.pathId());
    return BgpRoute.learned(prefix, c.attributes(), peer, stale, c.pathId());
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
