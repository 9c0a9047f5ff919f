package dev.gingham.ipam;

/**
 * When traffic between workloads of a pool is encapsulated (IPIP or VXLAN), as Calico's {@code
 * ipipMode} and {@code vxlanMode} say it.
 */
public enum EncapsulationMode {
  /** Never encapsulate: the network routes workload addresses natively. */
  NEVER("Never"),
  /** Always encapsulate traffic to other hosts. */
  ALWAYS("Always"),
  /** Encapsulate only traffic to hosts in another subnet. */
  CROSS_SUBNET("CrossSubnet");

  private final String text;

  EncapsulationMode(String text) {
    this.text = text;
  }

  /** Calico's spelling: {@code Never}, {@code Always} or {@code CrossSubnet}. */
  public String text() {
    return text;
  }

  /**
   * The mode with Calico's spelling.
   *
   * @throws IllegalArgumentException for any other text; the message lists the accepted ones
   */
  public static EncapsulationMode parse(String text) {
    for (EncapsulationMode mode : values()) {
      if (mode.text.equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "encapsulation mode must be Never, Always or CrossSubnet, was '" + text + "'");
  }

  /** Whether traffic is ever encapsulated. */
  public boolean isOn() {
    return this != NEVER;
  }
}
