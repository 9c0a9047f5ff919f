package dev.gingham.policy;

import dev.gingham.net.IpAddress;

/**
 * The first packet of a connection, as policy sees it.
 *
 * @param source the source address
 * @param destination the destination address
 * @param protocol the protocol
 * @param sourcePort the source port, or 0 for a protocol without ports
 * @param destinationPort the destination port, or 0
 * @param icmpType the ICMP type, or -1 when not ICMP
 * @param icmpCode the ICMP code, or -1 when not ICMP
 */
public record Packet(
    IpAddress source,
    IpAddress destination,
    Protocol protocol,
    int sourcePort,
    int destinationPort,
    int icmpType,
    int icmpCode) {
  public Packet {
    if (source.family() != destination.family()) {
      throw new IllegalArgumentException(
          "packet from " + source + " to " + destination + " mixes address families");
    }
    if (sourcePort < 0 || sourcePort > 65535 || destinationPort < 0 || destinationPort > 65535) {
      throw new IllegalArgumentException(
          "packet ports " + sourcePort + " -> " + destinationPort + " are out of range 0..65535");
    }
  }

  /** A TCP packet. */
  public static Packet tcp(IpAddress source, int sourcePort, IpAddress destination, int port) {
    return new Packet(source, destination, Protocol.TCP, sourcePort, port, -1, -1);
  }

  /** A UDP packet. */
  public static Packet udp(IpAddress source, int sourcePort, IpAddress destination, int port) {
    return new Packet(source, destination, Protocol.UDP, sourcePort, port, -1, -1);
  }

  /** An ICMP (or ICMPv6, by the addresses' family) packet. */
  public static Packet icmp(IpAddress source, IpAddress destination, int type, int code) {
    Protocol p = source.family() == dev.gingham.net.IpFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
    return new Packet(source, destination, p, 0, 0, type, code);
  }

  @Override
  public String toString() {
    return protocol
        + " "
        + source
        + (protocol.hasPorts() ? ":" + sourcePort : "")
        + " -> "
        + destination
        + (protocol.hasPorts() ? ":" + destinationPort : "")
        + (icmpType >= 0 ? " type " + icmpType + " code " + icmpCode : "");
  }
}
