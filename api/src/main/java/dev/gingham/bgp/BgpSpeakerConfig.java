package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A speaker's configuration, as {@link BgpSpeaker.Builder} assembles it and a {@link
 * BgpSpeakerFactory} receives it. Immutable.
 *
 * <p>Graceful restart (RFC 4724) has two roles. As a helper, which every speaker is, it keeps the
 * routes of a restarting peer as stale for the restart time the peer asked for. As a restarting
 * speaker ({@code gracefulRestart}), it lists its families in the capability so that its peers keep
 * its routes while it is down; when it starts again ({@code restarted}) it sets the Restart State
 * bit, sets the Forwarding State bit only if {@code forwardingStatePreserved} (the routes it
 * installed survived in the kernel), and defers its own advertisements until every peer has sent
 * End-of-RIB or {@code selectionDeferralTime} runs out, reporting {@link
 * BgpEvent.RestartStateChanged} meanwhile.
 *
 * @param localAs the speaker's AS, 1..4294967295
 * @param routerId the BGP identifier
 * @param listenAddress the address to accept connections on, or null for no listener
 * @param listenPort the port to listen on; 0 picks a free one
 * @param alwaysCompareMed whether MEDs are compared between routes from different neighbouring ASes
 * @param igpCost the IGP cost to a next hop, for step (e) of the decision process; smaller wins
 * @param gracefulRestartTime the restart time this speaker announces in its graceful restart
 *     capability
 * @param name a name for threads and logs
 * @param clusterId the cluster id this speaker puts in CLUSTER_LIST as a route reflector (RFC
 *     4456), or null for its router id
 * @param gracefulRestart whether this speaker restarts gracefully: its peers keep its routes while
 *     it restarts
 * @param restarted whether this start is a restart of a speaker that ran before
 * @param forwardingStatePreserved whether the forwarding state of the previous run survived, so
 *     that the Forwarding State bit is set (only with {@code restarted})
 * @param selectionDeferralTime how long a restarted speaker waits for End-of-RIB from its peers
 */
public record BgpSpeakerConfig(
    long localAs,
    Ipv4Address routerId,
    @Nullable IpAddress listenAddress,
    int listenPort,
    boolean alwaysCompareMed,
    ToLongFunction<IpAddress> igpCost,
    Duration gracefulRestartTime,
    String name,
    @Nullable Ipv4Address clusterId,
    boolean gracefulRestart,
    boolean restarted,
    boolean forwardingStatePreserved,
    Duration selectionDeferralTime) {

  /** The selection deferral time when none is set: 240 seconds, as BIRD's {@code gr wait}. */
  public static final Duration DEFAULT_SELECTION_DEFERRAL = Duration.ofSeconds(240);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the AS is 0 or not in range, the router id or cluster id is
   *     0.0.0.0, the port is not in 0..65535, the restart time not in 0..4095 s, the deferral time
   *     not positive, or the forwarding state is said to be preserved by a speaker that did not
   *     restart gracefully
   */
  public BgpSpeakerConfig {
    if (localAs == 0) {
      throw new IllegalArgumentException("the local AS must not be 0 (reserved, RFC 7607)");
    }
    Asns.check(localAs, "the local AS");
    Objects.requireNonNull(routerId, "routerId");
    if (routerId.toInt() == 0) {
      throw new IllegalArgumentException("the router id must not be 0.0.0.0 (RFC 6286)");
    }
    if (clusterId != null && clusterId.toInt() == 0) {
      throw new IllegalArgumentException("the cluster id must not be 0.0.0.0");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port must be in 0..65535, was " + listenPort);
    }
    Objects.requireNonNull(igpCost, "igpCost");
    if (gracefulRestartTime.isNegative() || gracefulRestartTime.getSeconds() > 4095) {
      throw new IllegalArgumentException(
          "graceful restart time must be 0..4095 s, was " + gracefulRestartTime);
    }
    Objects.requireNonNull(name, "name");
    if (selectionDeferralTime.isNegative() || selectionDeferralTime.isZero()) {
      throw new IllegalArgumentException(
          "selection deferral time must be positive, was " + selectionDeferralTime);
    }
    if (forwardingStatePreserved && !(restarted && gracefulRestart)) {
      throw new IllegalArgumentException(
          "the forwarding state can only be preserved across a graceful restart: set"
              + " gracefulRestart and restarted");
    }
  }

  /** A configuration of part 1: no cluster id, helper-only graceful restart. */
  public BgpSpeakerConfig(
      long localAs,
      Ipv4Address routerId,
      @Nullable IpAddress listenAddress,
      int listenPort,
      boolean alwaysCompareMed,
      ToLongFunction<IpAddress> igpCost,
      Duration gracefulRestartTime,
      String name) {
    this(
        localAs,
        routerId,
        listenAddress,
        listenPort,
        alwaysCompareMed,
        igpCost,
        gracefulRestartTime,
        name,
        null,
        false,
        false,
        false,
        DEFAULT_SELECTION_DEFERRAL);
  }

  /** The cluster id in effect: the configured one, else the router id. */
  public Ipv4Address effectiveClusterId() {
    return clusterId != null ? clusterId : routerId;
  }
}
