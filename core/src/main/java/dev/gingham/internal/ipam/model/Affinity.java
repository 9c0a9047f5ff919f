package dev.gingham.internal.ipam.model;

import dev.gingham.net.IpPrefix;

/**
 * A host's claim on a block.
 *
 * @param host the host
 * @param cidr the block
 * @param state where the claim is
 */
public record Affinity(String host, IpPrefix cidr, AffinityState state) {

  /** This affinity in another state. */
  public Affinity withState(AffinityState next) {
    return new Affinity(host, cidr, next);
  }

  /** Whether the block is the host's: only a confirmed affinity counts. */
  public boolean confirmed() {
    return state == AffinityState.CONFIRMED;
  }
}
