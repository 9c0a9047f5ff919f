package dev.gingham.internal.policy.nft;

import dev.gingham.policy.PolicyType;

/**
 * One of the four ways traffic meets an endpoint, each with its own chains: a workload's egress
 * (packets arriving from its interface) and ingress (packets leaving to it), and a host endpoint's
 * egress and ingress.
 */
enum Variant {
  WORKLOAD_EGRESS("we", PolicyType.EGRESS, false, "iifname"),
  WORKLOAD_INGRESS("wi", PolicyType.INGRESS, false, "oifname"),
  HOST_EGRESS("he", PolicyType.EGRESS, true, "oifname"),
  HOST_INGRESS("hi", PolicyType.INGRESS, true, "iifname");

  final String suffix;
  final PolicyType direction;
  final boolean host;

  /** The interface match that names this variant's endpoint. */
  final String ifname;

  Variant(String suffix, PolicyType direction, boolean host, String ifname) {
    this.suffix = suffix;
    this.direction = direction;
    this.host = host;
    this.ifname = ifname;
  }

  /** {@code i} or {@code e}: the direction as a name suffix. */
  static String dir(PolicyType t) {
    return t == PolicyType.INGRESS ? "i" : "e";
  }
}
