package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.Objects;

/**
 * Who sent a set of routes: a peer's address, AS and BGP identifier, as an MRT peer index table
 * (RFC 6396 section 4.3.1) records them. Immutable.
 *
 * @param address the peer's address; 0.0.0.0 stands for the speaker itself
 * @param as the peer's AS
 * @param routerId the peer's BGP identifier; 0.0.0.0 when unknown
 */
public record PeerIdentity(IpAddress address, long as, Ipv4Address routerId) {
  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if the AS is not in 0..4294967295
   */
  public PeerIdentity {
    Objects.requireNonNull(address, "address");
    Asns.check(as, "the peer's AS");
    Objects.requireNonNull(routerId, "routerId");
  }

  @Override
  public String toString() {
    return address + " AS " + as + " id " + routerId;
  }
}
