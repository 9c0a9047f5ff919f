package dev.gingham.bgp;

/**
 * The size of the Loc-RIB, as {@code birdc show route count} or {@code gobgp global rib summary}
 * report it. Cheap to ask for: the counts are kept as routes come and go.
 *
 * @param ipv4Prefixes IPv4 prefixes with a best route
 * @param ipv6Prefixes IPv6 prefixes with a best route
 * @param paths candidate routes of every prefix, the best ones included
 */
public record RibSummary(int ipv4Prefixes, int ipv6Prefixes, int paths) {
  /** Every prefix with a best route. */
  public int prefixes() {
    return ipv4Prefixes + ipv6Prefixes;
  }
}
