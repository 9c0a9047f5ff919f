package dev.gingham.bgp;

import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.Map;
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
 * @param extendedMessages whether both sides announced extended messages (RFC 8654)
 * @param addPath what ADD-PATH does per family (RFC 7911): whether paths are received, and how many
 *     per prefix are sent; families without ADD-PATH have no entry
 * @param peerRestarting whether the peer's OPEN had the Restart State bit: it has just restarted
 * @param sendHoldSeconds the send hold time in use (RFC 9687), 0 when off
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
    IpAddress remoteAddress,
    boolean extendedMessages,
    Map<AddressFamily, AddPath> addPath,
    boolean peerRestarting,
    long sendHoldSeconds) {
  /** Copies the collections. */
  public NegotiatedSession {
    families = Set.copyOf(families);
    peerGracefulRestart = Set.copyOf(peerGracefulRestart);
    addPath = Map.copyOf(addPath);
  }

  /** A session of part 1: no extended messages, ADD-PATH or send hold timer. */
  public NegotiatedSession(
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
    this(
        remoteAs,
        remoteId,
        holdTimeSeconds,
        keepaliveSeconds,
        families,
        fourOctetAs,
        routeRefresh,
        peerGracefulRestart,
        peerRestartSeconds,
        localAddress,
        remoteAddress,
        false,
        Map.of(),
        false,
        0);
  }

  /** What ADD-PATH does on a family; {@link AddPath#OFF} if nothing. */
  public AddPath addPath(AddressFamily family) {
    return addPath.getOrDefault(family, AddPath.OFF);
  }
}
