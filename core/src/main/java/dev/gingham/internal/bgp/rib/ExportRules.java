package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.NextHopMode;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the export of one established session depends on.
 *
 * @param config the peer's configuration (export policy, next-hop mode, route reflector client)
 * @param internal whether the session is iBGP
 * @param localAs the AS presented to the peer, prepended on eBGP
 * @param families the negotiated families
 * @param ipv4Self this speaker's IPv4 next hop toward the peer, or null if it has none
 * @param ipv6Self this speaker's IPv6 next hop toward the peer, or null if it has none
 * @param clusterId this speaker's cluster id, prepended to CLUSTER_LIST when it reflects a route
 * @param sendPaths for each family on which the session sends ADD-PATH path identifiers, how many
 *     paths of a prefix to advertise (at least 1); families without an entry send the best path
 *     alone, without identifier
 */
public record ExportRules(
    PeerConfig config,
    boolean internal,
    long localAs,
    Set<AddressFamily> families,
    @Nullable IpAddress ipv4Self,
    @Nullable IpAddress ipv6Self,
    int clusterId,
    Map<AddressFamily, Integer> sendPaths) {

  /**
   * Copies the collections.
   *
   * @throws IllegalArgumentException if a path count is below 1
   */
  public ExportRules {
    families = Set.copyOf(families);
    for (Map.Entry<AddressFamily, Integer> e : sendPaths.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException(
            "ADD-PATH sends at least 1 path, was " + e.getValue() + " for " + e.getKey());
      }
    }
    sendPaths =
        sendPaths.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(sendPaths));
  }

  /** Rules without route reflection state or ADD-PATH. */
  public ExportRules(
      PeerConfig config,
      boolean internal,
      long localAs,
      Set<AddressFamily> families,
      @Nullable IpAddress ipv4Self,
      @Nullable IpAddress ipv6Self) {
    this(config, internal, localAs, families, ipv4Self, ipv6Self, 0, Map.of());
  }

  /** These rules for another peer configuration (a changed export policy). */
  public ExportRules withConfig(PeerConfig newConfig) {
    return new ExportRules(
        newConfig, internal, localAs, families, ipv4Self, ipv6Self, clusterId, sendPaths);
  }

  /** The peer's address. */
  public IpAddress peer() {
    return config.address();
  }

  /** Whether the peer is a route reflector client of this speaker (RFC 4456). */
  public boolean client() {
    return config.routeReflectorClient();
  }

  /** The next-hop mode. */
  public NextHopMode nextHopMode() {
    return config.nextHopMode();
  }

  /** This speaker's next hop of a family toward the peer, or null. */
  public @Nullable IpAddress self(AddressFamily family) {
    return family == AddressFamily.IPV4_UNICAST ? ipv4Self : ipv6Self;
  }

  /** How many paths of a prefix of {@code family} to send with identifiers, 0 without ADD-PATH. */
  public int sendPaths(AddressFamily family) {
    Integer n = sendPaths.get(family);
    return n == null ? 0 : n;
  }
}
