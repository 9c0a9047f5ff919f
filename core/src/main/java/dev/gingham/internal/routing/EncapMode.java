package dev.gingham.internal.routing;

/** When a pool's traffic between nodes is encapsulated, as Calico's ipipMode and vxlanMode say. */
public enum EncapMode {
  /** Never: routed natively. */
  NEVER,
  /** Always, whatever subnet the other node is on. */
  ALWAYS,
  /** Only towards nodes on another subnet; natively within this node's subnet. */
  CROSS_SUBNET;

  /** Whether traffic to a node is encapsulated, given whether it is on another subnet. */
  boolean encapsulates(boolean otherSubnet) {
    return this == ALWAYS || (this == CROSS_SUBNET && otherSubnet);
  }
}
