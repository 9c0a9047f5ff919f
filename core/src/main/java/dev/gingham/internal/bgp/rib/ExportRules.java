package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.NextHopMode;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the export of one established session depends on.
 *
 * @param config the peer's configuration (export policy, next-hop mode)
 * @param internal whether the session is iBGP
 * @param localAs the AS presented to the peer, prepended on eBGP
 * @param families the negotiated families
 * @param ipv4Self this speaker's IPv4 next hop toward the peer, or null if it has none
 * @param ipv6Self this speaker's IPv6 next hop toward the peer, or null if it has none
 */
public record ExportRules(
    PeerConfig config,
    boolean internal,
    long localAs,
    Set<AddressFamily> families,
    @Nullable IpAddress ipv4Self,
    @Nullable IpAddress ipv6Self) {
  /** Copies the set. */
  public ExportRules {
    families = Set.copyOf(families);
  }

  /** The peer's address. */
  public IpAddress peer() {
    return config.address();
  }

  /** The next-hop mode. */
  public NextHopMode nextHopMode() {
    return config.nextHopMode();
  }

  /** This speaker's next hop of a family toward the peer, or null. */
  public @Nullable IpAddress self(AddressFamily family) {
    return family == AddressFamily.IPV4_UNICAST ? ipv4Self : ipv6Self;
  }
}
