package dev.gingham.policy;

import java.util.List;

/**
 * A port that host endpoint policy can never close, so that a bad policy cannot lock an operator
 * out of a node.
 *
 * @param protocol TCP or UDP
 * @param port the port
 */
public record FailsafePort(Protocol protocol, int port) {
  /** Calico's default inbound failsafe ports: SSH, DHCP, BGP, etcd, Typha and the API server. */
  public static final List<FailsafePort> DEFAULT_INBOUND =
      List.of(
          tcp(22), udp(68), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666),
          tcp(6667));

  /** Calico's default outbound failsafe ports: DNS, DHCP, BGP, etcd, Typha and the API server. */
  public static final List<FailsafePort> DEFAULT_OUTBOUND =
      List.of(
          udp(53), udp(67), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666),
          tcp(6667));

  public FailsafePort {
    if (protocol.number() != 6 && protocol.number() != 17) {
      throw new IllegalArgumentException("failsafe port protocol must be TCP or UDP: " + protocol);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("failsafe port " + port + " is out of range 1..65535");
    }
  }

  /** A TCP port. */
  public static FailsafePort tcp(int port) {
    return new FailsafePort(Protocol.TCP, port);
  }

  /** A UDP port. */
  public static FailsafePort udp(int port) {
    return new FailsafePort(Protocol.UDP, port);
  }

  @Override
  public String toString() {
    return protocol.toString().toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }
}
