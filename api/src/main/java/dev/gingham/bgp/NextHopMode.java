package dev.gingham.bgp;

/** How the next hop of a route advertised to a peer is chosen (RFC 4271 section 5.1.3). */
public enum NextHopMode {
  /** This speaker's address on eBGP sessions; the route's own next hop on iBGP sessions. */
  AUTO,
  /** Always this speaker's address ("next-hop-self"). */
  SELF,
  /** Always the route's own next hop, when it has one. */
  KEEP
}
