package dev.gingham.spi.dataplane.filter;

import java.util.Locale;

/** The nftables address family of a table. Gingham's own table is {@code inet gingham}. */
public enum FilterFamily {
  /** IPv4 and IPv6 together. */
  INET,
  IP,
  IP6,
  ARP,
  BRIDGE,
  NETDEV;

  /** The family as nftables spells it. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
