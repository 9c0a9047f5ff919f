package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.Set;

/**
 * What the OPEN exchange of an established session settled.
 *
 * @param remoteAs the peer's AS (its 4-octet AS when it sent the capability)
 * @param remoteId the peer's BGP identifier
 * @param holdTimeSeconds the negotiated hold time: the smaller of the two, 0 meaning none
 * @param keepaliveSeconds the keepalive interval in use, 0 when the hold time is 0
 * @param families the address families both sides announced (IPv4 unicast when the peer sent no
 *     multiprotocol capability)
 * @param fourOctetAs whether both sides speak 4-octet AS numbers (RFC 6793)
 * @param routeRefresh whether the peer accepts ROUTE-REFRESH (RFC 2918)
 * @param peerGracefulRestart the families whose forwarding state the peer preserves across a
 *     restart, as its graceful restart capability said (RFC 4724); empty when it sent none
 * @param peerRestartSeconds the restart time the peer asked for, 0 without the capability
 * @param localAddress this end of the TCP connection
 * @param remoteAddress the peer's end of the TCP connection
 */
public record NegotiatedSession(
    long remoteAs,
    Ipv4Address remoteId,
    int holdTimeSeconds,
    int keepaliveSeconds,
    Set<AddressFamily> families,
    boolean fourOctetAs,
    boolean routeRefresh,
    Set<AddressFamily> peerGracefulRestart,
    int peerRestartSeconds,
    IpAddress localAddress,
    IpAddress remoteAddress) {
  /** Copies the sets. */
  public NegotiatedSession {
    families = Set.copyOf(families);
    peerGracefulRestart = Set.copyOf(peerGracefulRestart);
  }
}
