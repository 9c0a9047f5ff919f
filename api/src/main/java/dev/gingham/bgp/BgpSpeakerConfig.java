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
 * @param localAs the speaker's AS, 1..4294967295
 * @param routerId the BGP identifier
 * @param listenAddress the address to accept connections on, or null for no listener
 * @param listenPort the port to listen on; 0 picks a free one
 * @param alwaysCompareMed whether MEDs are compared between routes from different neighbouring ASes
 * @param igpCost the IGP cost to a next hop, for step (e) of the decision process; smaller wins
 * @param gracefulRestartTime the restart time this speaker announces as a graceful restart helper
 * @param name a name for threads and logs
 */
public record BgpSpeakerConfig(
    long localAs,
    Ipv4Address routerId,
    @Nullable IpAddress listenAddress,
    int listenPort,
    boolean alwaysCompareMed,
    ToLongFunction<IpAddress> igpCost,
    Duration gracefulRestartTime,
    String name) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the AS is 0 or not in range, the router id is 0.0.0.0, the
   *     port is not in 0..65535 or the restart time not in 0..4095 s
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
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port must be in 0..65535, was " + listenPort);
    }
    Objects.requireNonNull(igpCost, "igpCost");
    if (gracefulRestartTime.isNegative() || gracefulRestartTime.getSeconds() > 4095) {
      throw new IllegalArgumentException(
          "graceful restart time must be 0..4095 s, was " + gracefulRestartTime);
    }
    Objects.requireNonNull(name, "name");
  }
}
