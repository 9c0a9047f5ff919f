package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpEventListener;
import dev.gingham.bgp.BgpException;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.BgpSpeakerConfig;
import dev.gingham.bgp.BgpStartException;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.NoSuchPeerException;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerExistsException;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerStatus;
import dev.gingham.bgp.PeerTable;
import dev.gingham.bgp.RibSummary;
import dev.gingham.bgp.SpeakerClosedException;
import dev.gingham.internal.bgp.rib.AdjRibIn;
import dev.gingham.internal.bgp.rib.Candidate;
import dev.gingham.internal.bgp.rib.ExportPipeline;
import dev.gingham.internal.bgp.rib.PathSource;
import dev.gingham.internal.bgp.wire.ErrorCodes;
import dev.gingham.internal.bgp.wire.NotificationMessage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link BgpSpeaker} façade: every call runs on the speaker's event loop and waits for it, for
 * at most {@link #CALL_TIMEOUT_SECONDS}. Thread-safe.
 */
public final class NettySpeaker implements BgpSpeaker {
  /** How long a call waits for the event loop. */
  static final long CALL_TIMEOUT_SECONDS = 10;

  private static final Comparator<BgpRoute> BY_PREFIX =
      Comparator.comparing(BgpRoute::prefix)
          .thenComparing(r -> r.peer() == null ? "" : r.peer().toString());

  private final SpeakerCore core;
  private final @Nullable Channel server;
  private final boolean ownsThreads;
  private volatile boolean closed;

  private NettySpeaker(SpeakerCore core, @Nullable Channel server, boolean ownsThreads) {
    this.core = core;
    this.server = server;
    this.ownsThreads = ownsThreads;
  }

  /**
   * Starts a speaker on threads of its own, which it stops when it closes.
   *
   * @throws BgpStartException if the listen address cannot be bound
   */
  public static NettySpeaker start(BgpSpeakerConfig config) {
    return start(config, Transport.create(config.name()), new EventHub(config.name()), true);
  }

  /**
   * Starts a speaker on one loop of {@code threads}, which it leaves running when it closes.
   *
   * @throws BgpStartException if the listen address cannot be bound
   */
  public static NettySpeaker start(BgpSpeakerConfig config, SpeakerThreads threads) {
    return start(config, threads.transport, new EventHub(threads.events, false), false);
  }

  private static NettySpeaker start(
      BgpSpeakerConfig config, Transport transport, EventHub events, boolean ownsThreads) {
    SpeakerCore core = new SpeakerCore(config, transport, events);
    Channel server = null;
    if (config.listenAddress() != null) {
      InetSocketAddress at =
          new InetSocketAddress(config.listenAddress().toInetAddress(), config.listenPort());
      try {
        server =
            new ServerBootstrap()
                // The speaker's own loop, for the listening socket and every accepted one: its
                // state is the loop's alone, and a shared group's next() would hand out another.
                .group(core.loop())
                .channel(transport.serverChannelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(
                    new ChannelInitializer<Channel>() {
                      @Override
                      protected void initChannel(Channel ch) {
                        core.accept(ch);
                      }
                    })
                .bind(at)
                .sync()
                .channel();
      } catch (Exception e) {
        if (ownsThreads) {
          transport.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        core.events.close();
        throw new BgpStartException("cannot listen on " + at + ": " + e.getMessage(), e);
      }
    }
    NettySpeaker speaker = new NettySpeaker(core, server, ownsThreads);
    Channel listening = server;
    speaker.run(
        () -> {
          core.server(listening);
          core.startRestart();
        });
    return speaker;
  }

  private <T> T onLoop(Callable<T> call) {
    if (closed) {
      throw new SpeakerClosedException(core.config.name());
    }
    if (core.loop().inEventLoop()) {
      throw new IllegalStateException(
          "BgpSpeaker calls are not allowed from a policy or the speaker's own thread");
    }
    Future<T> f = core.loop().submit(call);
    try {
      return f.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new BgpException("interrupted while waiting for the BGP event loop", e);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw new BgpException(
          "the BGP event loop did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new BgpException("BGP call failed: " + e.getCause(), e.getCause());
    }
  }

  private void run(Runnable r) {
    onLoop(
        () -> {
          r.run();
          return null;
        });
  }

  private Peer peerOf(IpAddress address) {
    Peer p = core.peers.get(address);
    if (p == null) {
      throw new NoSuchPeerException(address);
    }
    return p;
  }

  @Override
  public BgpSpeakerConfig config() {
    return core.config;
  }

  @Override
  public Optional<InetSocketAddress> listenAddress() {
    return server == null
        ? Optional.empty()
        : Optional.of((InetSocketAddress) server.localAddress());
  }

  @Override
  public void addPeer(PeerConfig peer) {
    Objects.requireNonNull(peer, "peer");
    checkMd5(peer);
    run(
        () -> {
          if (core.peers.containsKey(peer.address())) {
            throw new PeerExistsException(peer.address());
          }
          if (core.injected.containsKey(peer.address())) {
            throw new IllegalArgumentException(
                peer.address() + " has an injected table; remove it before adding the peer");
          }
          Peer p = new Peer(core, peer);
          core.peers.put(peer.address(), p);
          core.updateMd5Keys();
          p.start();
        });
  }

  private void checkMd5(PeerConfig peer) {
    if (peer.password() != null && !core.transport.supportsMd5()) {
      throw new BgpException(
          "peer " + peer.address() + " has a password: " + Transport.md5Unavailable());
    }
  }

  @Override
  public void removePeer(IpAddress address) {
    run(
        () -> {
          Peer p = peerOf(address);
          p.stop(
              new NotificationMessage(
                  ErrorCodes.CEASE, ErrorCodes.CEASE_PEER_DECONFIGURED, new byte[0]),
              "peer removed");
          core.peers.remove(address);
          core.updateMd5Keys();
          core.checkRestartDone();
        });
  }

  @Override
  public void updatePeer(PeerConfig peer) {
    checkMd5(peer);
    run(
        () -> {
          Peer p = peerOf(peer.address());
          if (onlyPoliciesDiffer(p.config(), peer)) {
            p.reconfigure(peer);
            return;
          }
          p.stop(
              new NotificationMessage(
                  ErrorCodes.CEASE, ErrorCodes.CEASE_CONFIG_CHANGE, new byte[0]),
              "peer reconfigured");
          Peer fresh = new Peer(core, peer);
          core.peers.put(peer.address(), fresh);
          core.updateMd5Keys();
          fresh.start();
        });
  }

  private static boolean onlyPoliciesDiffer(PeerConfig a, PeerConfig b) {
    PeerConfig aligned =
        b.toBuilder().importPolicy(a.importPolicy()).exportPolicy(a.exportPolicy()).build();
    return aligned.toString().equals(a.toString())
        && aligned.remoteAs() == a.remoteAs()
        && aligned.localAs() == a.localAs()
        && aligned.port() == a.port()
        && Objects.equals(aligned.localAddress(), a.localAddress())
        && aligned.passive() == a.passive()
        && aligned.holdTime().equals(a.holdTime())
        && Objects.equals(aligned.keepaliveTime(), a.keepaliveTime())
        && aligned.connectRetryTime().equals(a.connectRetryTime())
        && aligned.families().equals(a.families())
        && aligned.nextHopMode() == a.nextHopMode()
        && Objects.equals(aligned.ipv4NextHop(), a.ipv4NextHop())
        && Objects.equals(aligned.ipv6NextHop(), a.ipv6NextHop())
        && aligned.fourOctetAs() == a.fourOctetAs()
        && aligned.gracefulRestartHelper() == a.gracefulRestartHelper()
        && aligned.routeReflectorClient() == a.routeReflectorClient()
        && aligned.addPaths().equals(a.addPaths())
        && Objects.equals(aligned.password(), a.password())
        && aligned.extendedMessages() == a.extendedMessages()
        && Objects.equals(aligned.sendHoldTime(), a.sendHoldTime());
  }

  @Override
  public List<PeerStatus> peers() {
    return onLoop(
        () -> {
          List<PeerStatus> out = new ArrayList<>();
          for (Peer p : core.peers.values()) {
            out.add(p.status());
          }
          return out;
        });
  }

  @Override
  public PeerStatus peer(IpAddress peer) {
    return onLoop(() -> peerOf(peer).status());
  }

  @Override
  public void announce(BgpRoute route) {
    checkLocal(route);
    run(() -> core.announce(route.prefix(), route.attributes()));
  }

  @Override
  public void announceAll(List<BgpRoute> routes) {
    List<BgpRoute> copy = List.copyOf(routes);
    copy.forEach(NettySpeaker::checkLocal);
    run(() -> copy.forEach(r -> core.announce(r.prefix(), r.attributes())));
  }

  private static void checkLocal(BgpRoute route) {
    if (!route.isLocal()) {
      throw new IllegalArgumentException(
          "only locally originated routes can be announced; this one came from " + route.peer());
    }
    IpAddress nh = route.attributes().nextHop();
    if (nh != null && nh.family() != route.prefix().family()) {
      throw new IllegalArgumentException(
          "next hop " + nh + " is not of the family of " + route.prefix());
    }
  }

  @Override
  public void withdraw(IpPrefix prefix) {
    Objects.requireNonNull(prefix, "prefix");
    run(() -> core.withdraw(prefix));
  }

  @Override
  public List<BgpRoute> ribIn(IpAddress peer) {
    return onLoop(
        () -> {
          InjectedTable t = core.injected.get(peer);
          AdjRibIn rib = t != null ? t.adjRibIn : peerOf(peer).adjRibIn;
          List<BgpRoute> out = new ArrayList<>(rib.pathCount());
          for (int id : rib.ids()) {
            IpPrefix prefix = core.index.prefix(id);
            for (int k = 0; k < rib.pathCount(id); k++) {
              out.add(
                  BgpRoute.learned(
                      prefix,
                      rib.attributesAt(id, k),
                      peer,
                      rib.isStaleAt(id, k),
                      rib.pathIdAt(id, k)));
            }
          }
          out.sort(BY_PREFIX);
          return out;
        });
  }

  @Override
  public List<BgpRoute> locRib() {
    return onLoop(
        () -> {
          List<BgpRoute> out = new ArrayList<>(core.locRib.size());
          for (int id : core.locRib.ids()) {
            Candidate best = core.locRib.best(id);
            IpPrefix prefix = core.index.prefix(id);
            out.add(core.route(prefix, id, best));
          }
          out.sort(BY_PREFIX);
          return out;
        });
  }

  @Override
  public RibSummary ribSummary() {
    return onLoop(
        () ->
            new RibSummary(
                core.locRib.ipv4Size(),
                core.locRib.size() - core.locRib.ipv4Size(),
                core.locRib.pathCount()));
  }

  @Override
  public List<BgpRoute> paths(IpPrefix prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return onLoop(
        () -> {
          int id = core.index.find(prefix);
          List<BgpRoute> out = new ArrayList<>();
          if (id < 0) {
            return out;
          }
          Candidate[] ranked = new Candidate[core.locRib.candidateCount(id)];
          int n = core.locRib.ranked(id, ranked);
          for (int i = 0; i < n; i++) {
            out.add(core.route(prefix, id, ranked[i]));
          }
          return out;
        });
  }

  @Override
  public List<PeerTable> locRibTables() {
    return onLoop(
        () -> {
          Map<PathSource, List<BgpRoute>> bySource = new LinkedHashMap<>();
          int[] ids = core.locRib.ids();
          Arrays.sort(ids);
          for (int id : ids) {
            Candidate best = core.locRib.best(id);
            bySource
                .computeIfAbsent(best.source(), s -> new ArrayList<>())
                .add(core.route(core.index.prefix(id), id, best));
          }
          List<PeerTable> out = new ArrayList<>();
          for (Map.Entry<PathSource, List<BgpRoute>> e : bySource.entrySet()) {
            List<BgpRoute> routes = e.getValue();
            routes.sort(BY_PREFIX);
            out.add(new PeerTable(identity(e.getKey()), routes));
          }
          out.sort(
              Comparator.comparing((PeerTable t) -> t.peer().address())
                  .thenComparingLong(t -> Integer.toUnsignedLong(t.peer().routerId().toInt())));
          return out;
        });
  }

  /** Who a source is, for an MRT peer index table. */
  private PeerIdentity identity(PathSource source) {
    IpAddress address = source.peer();
    if (address == null) {
      return new PeerIdentity(Ipv4Address.of(0), core.config.localAs(), core.config.routerId());
    }
    InjectedTable t = core.injected.get(address);
    if (t != null) {
      return t.identity;
    }
    Peer p = core.peers.get(address);
    long as = p != null ? p.config().remoteAs() : 0;
    return new PeerIdentity(address, as, Ipv4Address.of(source.routerId()));
  }

  @Override
  public void injectTable(PeerTable table) {
    Objects.requireNonNull(table, "table");
    InjectedTable.check(table);
    run(
        () -> {
          IpAddress address = table.peer().address();
          if (core.peers.containsKey(address)) {
            throw new IllegalArgumentException(
                address + " is a configured peer; an injected table needs another address");
          }
          InjectedTable old = core.injected.remove(address);
          if (old != null) {
            old.unload();
          }
          core.injected.put(address, InjectedTable.load(core, table));
        });
  }

  @Override
  public boolean removeInjectedTable(IpAddress peer) {
    Objects.requireNonNull(peer, "peer");
    return onLoop(
        () -> {
          InjectedTable t = core.injected.remove(peer);
          if (t == null) {
            return false;
          }
          t.unload();
          return true;
        });
  }

  @Override
  public boolean restarting() {
    return onLoop(core::restarting);
  }

  @Override
  public List<BgpRoute> ribOut(IpAddress peer) {
    return onLoop(
        () -> {
          Peer p = peerOf(peer);
          ExportPipeline e = p.exporter();
          List<BgpRoute> out = new ArrayList<>();
          if (e != null) {
            for (int id : e.ids()) {
              IpPrefix prefix = core.index.prefix(id);
              for (Map.Entry<Integer, PathAttributes> path : e.advertisedPaths(id)) {
                out.add(BgpRoute.advertised(prefix, path.getValue(), path.getKey()));
              }
            }
          }
          out.sort(BY_PREFIX.thenComparingInt(BgpRoute::pathId));
          return out;
        });
  }

  @Override
  public void refresh(IpAddress peer, AddressFamily family) {
    run(() -> peerOf(peer).requestRefresh(family));
  }

  @Override
  public EventSubscription events(EventOptions options, BgpEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    return onLoop(
        () -> {
          List<BgpEvent> replay = new ArrayList<>();
          if (options.replay() && options.bestPaths() && core.restarting()) {
            replay.add(
                new BgpEvent.RestartStateChanged(
                    true, "restarted gracefully; waiting for End-of-RIB from every peer"));
          }
          if (options.replay()) {
            if (options.peerStates()) {
              for (Peer p : core.peers.values()) {
                replay.add(new BgpEvent.PeerStateChanged(p.address(), p.state(), p.state(), null));
              }
            }
            if (options.bestPaths()) {
              int[] ids = core.locRib.ids();
              List<BgpRoute> routes = new ArrayList<>(ids.length);
              for (int id : ids) {
                routes.add(core.route(core.index.prefix(id), id, core.locRib.best(id)));
              }
              routes.sort(BY_PREFIX);
              for (BgpRoute r : routes) {
                replay.add(new BgpEvent.BestPathChanged(r.prefix(), r, null));
              }
            }
          }
          return core.events.subscribe(options, listener, replay);
        });
  }

  @Override
  public void closeForRestart() {
    if (closed) {
      return;
    }
    try {
      run(
          () -> {
            core.cancelTimers();
            for (Peer p : core.peers.values()) {
              p.abort();
            }
            if (server != null) {
              server.close();
            }
          });
    } finally {
      shutdown();
    }
  }

  private void shutdown() {
    closed = true;
    core.events.close();
    if (ownsThreads) {
      core.transport
          .group
          .shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      run(
          () -> {
            for (Peer p : core.peers.values()) {
              p.stop(
                  new NotificationMessage(
                      ErrorCodes.CEASE, ErrorCodes.CEASE_ADMIN_SHUTDOWN, new byte[0]),
                  "speaker closed");
            }
            core.cancelTimers();
            if (server != null) {
              server.close();
            }
          });
    } finally {
      // Give the NOTIFICATIONs a moment to leave, then stop the loop.
      shutdown();
    }
  }

  /** For tests: whether every established session's channel runs on this speaker's own loop. */
  boolean sessionsOnItsLoop() {
    return onLoop(
        () -> {
          for (Peer p : core.peers.values()) {
            io.netty.channel.EventLoop l = p.sessionLoop();
            if (l != null && l != core.loop()) {
              return false;
            }
          }
          return true;
        });
  }

  @Override
  public String toString() {
    return "BgpSpeaker "
        + core.config.name()
        + " AS "
        + core.config.localAs()
        + " id "
        + core.config.routerId();
  }
}
