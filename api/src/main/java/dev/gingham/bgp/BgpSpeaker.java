package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * An embeddable BGP-4 speaker: peers, locally originated routes, the RIBs and an event stream.
 *
 * <p>Start one with {@link #builder()}; it runs until {@link #close()}. Every mutation runs on the
 * speaker's single event loop, in call order; the calls here wait for it (for at most a few
 * seconds) and are safe from any thread except from a {@link RoutePolicy} or a listener run by this
 * speaker. After close, every call throws {@link SpeakerClosedException}.
 *
 * <pre>{@code
 * try (BgpSpeaker speaker = BgpSpeaker.builder()
 *     .localAs(65001).routerId(Ipv4Address.parse("192.0.2.1"))
 *     .listen(IpAddress.parse("127.0.0.1"), 1179)
 *     .start()) {
 *   speaker.addPeer(PeerConfig.builder(IpAddress.parse("127.0.0.2"), 65002).build());
 *   speaker.announce(BgpRoute.of(IpPrefix.parse("10.1.0.0/16"), PathAttributes.builder().build()));
 * }
 * }</pre>
 */
public interface BgpSpeaker extends AutoCloseable {

  /** A builder for a speaker. */
  static Builder builder() {
    return new Builder();
  }

  /** The configuration the speaker started with. */
  BgpSpeakerConfig config();

  /** The address and port the speaker accepts connections on, if it listens. */
  Optional<InetSocketAddress> listenAddress();

  /**
   * Adds a peer and starts its FSM.
   *
   * @throws PeerExistsException if a peer with that address exists
   */
  void addPeer(PeerConfig peer);

  /**
   * Removes a peer: its session ends with a Cease NOTIFICATION and its routes are withdrawn.
   *
   * @throws NoSuchPeerException if there is no such peer
   */
  void removePeer(IpAddress peer);

  /**
   * Replaces a peer's configuration. A change of policy alone is applied in place (its routes are
   * re-evaluated); any other change restarts the session.
   *
   * @throws NoSuchPeerException if there is no peer with that address
   */
  void updatePeer(PeerConfig peer);

  /** A snapshot of every peer, in address order. */
  List<PeerStatus> peers();

  /**
   * A snapshot of one peer.
   *
   * @throws NoSuchPeerException if there is no such peer
   */
  PeerStatus peer(IpAddress peer);

  /**
   * Originates a route, replacing any earlier one for the same prefix. A null next hop means this
   * speaker's own address toward each peer.
   *
   * @throws IllegalArgumentException if the route was learned from a peer
   */
  void announce(BgpRoute route);

  /**
   * Originates many routes in one call on the event loop, as {@link #announce(BgpRoute)} does for
   * each; either all are announced or, if one is invalid, none.
   *
   * @throws IllegalArgumentException naming the first invalid route
   */
  void announceAll(List<BgpRoute> routes);

  /** Withdraws a locally originated route; does nothing if there is none. */
  void withdraw(IpPrefix prefix);

  /**
   * The routes received from a peer, before import policy, in prefix order.
   *
   * @throws NoSuchPeerException if there is no such peer
   */
  List<BgpRoute> ribIn(IpAddress peer);

  /** The best route of every prefix, in prefix order. */
  List<BgpRoute> locRib();

  /** How many prefixes and paths the Loc-RIB holds; cheap, unlike {@link #locRib()}. */
  RibSummary ribSummary();

  /**
   * Every candidate route of one prefix in the Loc-RIB (several peers, or several paths of one peer
   * with ADD-PATH), ranked as the decision process ranks them: the best first. Empty if none.
   */
  List<BgpRoute> paths(IpPrefix prefix);

  /**
   * The best routes of the Loc-RIB grouped by where they came from, with who that is: one table per
   * peer (or injected table) that holds a best route, and one for this speaker's own routes under
   * its own identity (address 0.0.0.0). This is what an MRT dump of the Loc-RIB writes.
   */
  List<PeerTable> locRibTables();

  /**
   * Loads a table as if {@code table.peer()} had sent it over a session that never goes down: its
   * routes become candidates in the Loc-RIB (after loop detection; eBGP or iBGP by the peer's AS),
   * and are exported like learned routes. A later table of the same peer replaces the earlier one.
   * Either every route is loaded or, if one is invalid, none.
   *
   * @throws IllegalArgumentException if the address is that of a configured peer, or a route's next
   *     hop is missing or of the wrong family
   */
  void injectTable(PeerTable table);

  /**
   * Withdraws a table loaded with {@link #injectTable}; does nothing if there is none.
   *
   * @return whether there was one
   */
  boolean removeInjectedTable(IpAddress peer);

  /**
   * Whether this speaker, started as a graceful restart, still defers its advertisements until its
   * peers have sent End-of-RIB (RFC 4724 section 4.1). While it is true, the Loc-RIB is incomplete:
   * a route reconciler keeps the kernel routes the previous run installed even if the Loc-RIB does
   * not hold them yet, and only deletes the ones it lacks once this turns false ({@link
   * BgpEvent.RestartStateChanged} tells when).
   */
  boolean restarting();

  /**
   * The routes advertised to a peer, with the attributes sent, in prefix order.
   *
   * @throws NoSuchPeerException if there is no such peer
   */
  List<BgpRoute> ribOut(IpAddress peer);

  /**
   * Asks an established peer to send its routes of a family again (ROUTE-REFRESH, RFC 2918).
   *
   * @throws NoSuchPeerException if there is no such peer
   * @throws BgpException if the peer is not established or did not announce route refresh
   */
  void refresh(IpAddress peer, AddressFamily family);

  /**
   * Subscribes to peer state and best-path changes. With replay, the current state comes first,
   * then {@link BgpEvent.ReplayFinished}, then live events, with nothing lost in between.
   */
  EventSubscription events(EventOptions options, BgpEventListener listener);

  /**
   * Stops the speaker: every session ends with a Cease NOTIFICATION, the listener closes and every
   * subscription ends. Idempotent.
   */
  @Override
  void close();

  /**
   * Stops the speaker for a graceful restart (RFC 4724): the connections close without a
   * NOTIFICATION, as if the process had died, so that peers that help keep its routes for its
   * restart time; the host keeps the forwarding state it installed and starts the next speaker with
   * {@link Builder#restarted(boolean)}. Then as {@link #close()}. Idempotent with it.
   */
  void closeForRestart();

  /** Builds and starts a {@link BgpSpeaker}. Not thread-safe. */
  final class Builder {
    private long localAs;
    private @Nullable Ipv4Address routerId;
    private @Nullable IpAddress listenAddress;
    private int listenPort = PeerConfig.DEFAULT_PORT;
    private boolean alwaysCompareMed;
    private ToLongFunction<IpAddress> igpCost = nextHop -> 0;
    private Duration gracefulRestartTime = Duration.ofSeconds(120);
    private String name = "bgp";
    private @Nullable Ipv4Address clusterId;
    private boolean gracefulRestart;
    private boolean restarted;
    private boolean forwardingStatePreserved;
    private Duration selectionDeferralTime = BgpSpeakerConfig.DEFAULT_SELECTION_DEFERRAL;

    Builder() {}

    /**
     * Sets the speaker's AS (required).
     *
     * @throws IllegalArgumentException if not in 1..4294967295
     */
    public Builder localAs(long localAs) {
      if (localAs == 0) {
        throw new IllegalArgumentException("the local AS must not be 0 (reserved, RFC 7607)");
      }
      this.localAs = Asns.check(localAs, "the local AS");
      return this;
    }

    /** Sets the BGP identifier (required). */
    public Builder routerId(Ipv4Address routerId) {
      this.routerId = Objects.requireNonNull(routerId, "routerId");
      return this;
    }

    /**
     * Accepts connections on this address and port; port 0 picks a free one. Without this call the
     * speaker does not listen.
     *
     * @throws IllegalArgumentException if the port is not in 0..65535
     */
    public Builder listen(IpAddress address, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("listen port must be in 0..65535, was " + port);
      }
      this.listenAddress = Objects.requireNonNull(address, "address");
      this.listenPort = port;
      return this;
    }

    /** Does not listen: every peer is connected to actively. This is the default. */
    public Builder noListener() {
      this.listenAddress = null;
      return this;
    }

    /** Compares MED between routes from different neighbouring ASes too. */
    public Builder alwaysCompareMed(boolean alwaysCompareMed) {
      this.alwaysCompareMed = alwaysCompareMed;
      return this;
    }

    /** Sets the IGP cost to a next hop, consulted by the decision process; 0 by default. */
    public Builder igpCost(ToLongFunction<IpAddress> igpCost) {
      this.igpCost = Objects.requireNonNull(igpCost, "igpCost");
      return this;
    }

    /** Sets the restart time announced in the graceful restart capability (120 s by default). */
    public Builder gracefulRestartTime(Duration time) {
      this.gracefulRestartTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Names the speaker's threads and log lines. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the route reflector cluster id (RFC 4456); null means the router id. */
    public Builder clusterId(@Nullable Ipv4Address clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    /**
     * Makes this speaker restart gracefully (RFC 4724): its capability lists its families, so that
     * its peers keep its routes for {@link #gracefulRestartTime} while it restarts. Promise this
     * only if the host keeps the routes it installed while the speaker is down. Off by default.
     */
    public Builder gracefulRestart(boolean gracefulRestart) {
      this.gracefulRestart = gracefulRestart;
      return this;
    }

    /**
     * Marks this start as a graceful restart: the Restart State bit is set, the Forwarding State
     * bit says whether {@code forwardingStatePreserved} (the kernel still holds the routes the
     * previous run installed), and advertisements wait for End-of-RIB from the peers. Implies
     * {@link #gracefulRestart(boolean) gracefulRestart(true)}.
     */
    public Builder restarted(boolean forwardingStatePreserved) {
      this.gracefulRestart = true;
      this.restarted = true;
      this.forwardingStatePreserved = forwardingStatePreserved;
      return this;
    }

    /**
     * Sets how long a restarted speaker waits for End-of-RIB from its peers before it advertises
     * anyway ({@link BgpSpeakerConfig#DEFAULT_SELECTION_DEFERRAL} by default).
     */
    public Builder selectionDeferralTime(Duration time) {
      this.selectionDeferralTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * The configuration so far.
     *
     * @throws IllegalStateException if the AS or the router id is missing
     * @throws IllegalArgumentException if a value is out of range (see {@link BgpSpeakerConfig})
     */
    public BgpSpeakerConfig config() {
      if (localAs == 0) {
        throw new IllegalStateException("localAs is required");
      }
      if (routerId == null) {
        throw new IllegalStateException("routerId is required");
      }
      return new BgpSpeakerConfig(
          localAs,
          routerId,
          listenAddress,
          listenPort,
          alwaysCompareMed,
          igpCost,
          gracefulRestartTime,
          name,
          clusterId,
          gracefulRestart,
          restarted,
          forwardingStatePreserved,
          selectionDeferralTime);
    }

    /**
     * Starts the speaker with the first engine {@link ServiceLoader} finds.
     *
     * @throws IllegalStateException if the AS or the router id is missing
     * @throws BgpEngineNotFoundException if no engine is on the path
     * @throws BgpStartException if the engine cannot start, e.g. the port is taken
     */
    public BgpSpeaker start() {
      BgpSpeakerConfig config = config();
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Iterator<BgpSpeakerFactory> it =
          ServiceLoader.load(
                  BgpSpeakerFactory.class,
                  loader != null ? loader : BgpSpeakerFactory.class.getClassLoader())
              .iterator();
      if (!it.hasNext()) {
        throw new BgpEngineNotFoundException();
      }
      return it.next().start(config);
    }
  }
}
