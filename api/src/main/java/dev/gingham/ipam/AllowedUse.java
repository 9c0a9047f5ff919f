package dev.gingham.ipam;

/** What the addresses of a pool may be used for, as Calico's {@code allowedUses} says it. */
public enum AllowedUse {
  /** Addresses of workloads: pods, containers, VMs. */
  WORKLOAD("Workload"),
  /** A host's own tunnel address (IPIP, VXLAN or WireGuard device). */
  TUNNEL("Tunnel");

  private final String text;

  AllowedUse(String text) {
    this.text = text;
  }

  /** Calico's spelling: {@code Workload} or {@code Tunnel}. */
  public String text() {
    return text;
  }

  /**
   * The use with Calico's spelling.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static AllowedUse parse(String text) {
    for (AllowedUse use : values()) {
      if (use.text.equals(text)) {
        return use;
      }
    }
    throw new IllegalArgumentException(
        "allowed use must be Workload or Tunnel, was '" + text + "'");
  }
}
