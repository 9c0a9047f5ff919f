package dev.gingham.bgp;

/**
 * The prefix counts of a peer.
 *
 * @param received prefixes held in its Adj-RIB-In
 * @param accepted of those, the ones its import policy accepted
 * @param advertised prefixes held in its Adj-RIB-Out
 */
public record PrefixCounts(int received, int accepted, int advertised) {
  /** No prefixes. */
  public static final PrefixCounts ZERO = new PrefixCounts(0, 0, 0);
}
