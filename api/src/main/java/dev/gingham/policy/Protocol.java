package dev.gingham.policy;

import java.util.Locale;

/**
 * An IP protocol, by number, with the names Calico accepts for the common ones ({@code TCP}, {@code
 * UDP}, {@code ICMP}, {@code ICMPv6}, {@code SCTP}, {@code UDPLite}). Immutable value.
 *
 * @param number the protocol number, 0..255
 */
public record Protocol(int number) {
  public static final Protocol ICMP = new Protocol(1);
  public static final Protocol TCP = new Protocol(6);
  public static final Protocol UDP = new Protocol(17);
  public static final Protocol ICMPV6 = new Protocol(58);
  public static final Protocol SCTP = new Protocol(132);
  public static final Protocol UDPLITE = new Protocol(136);

  public Protocol {
    if (number < 0 || number > 255) {
      throw new IllegalArgumentException("protocol number " + number + " is out of range 0..255");
    }
  }

  /** A protocol by number. */
  public static Protocol of(int number) {
    return new Protocol(number);
  }

  /**
   * Reads a protocol name (case-insensitive) or number.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static Protocol parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "tcp":
        return TCP;
      case "udp":
        return UDP;
      case "icmp":
        return ICMP;
      case "icmpv6":
        return ICMPV6;
      case "sctp":
        return SCTP;
      case "udplite":
        return UDPLITE;
      default:
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
          return new Protocol(Integer.parseInt(text));
        }
        throw new IllegalArgumentException(
            "unknown protocol '"
                + text
                + "', expected TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 0..255");
    }
  }

  /** Whether packets of this protocol carry ports: TCP, UDP, SCTP and UDPLite. */
  public boolean hasPorts() {
    return number == 6 || number == 17 || number == 132 || number == 136;
  }

  /** Whether this is ICMP or ICMPv6. */
  public boolean isIcmp() {
    return number == 1 || number == 58;
  }

  /** The name as Calico spells it, or the number. */
  @Override
  public String toString() {
    switch (number) {
      case 1:
        return "ICMP";
      case 6:
        return "TCP";
      case 17:
        return "UDP";
      case 58:
        return "ICMPv6";
      case 132:
        return "SCTP";
      case 136:
        return "UDPLite";
      default:
        return Integer.toString(number);
    }
  }
}
