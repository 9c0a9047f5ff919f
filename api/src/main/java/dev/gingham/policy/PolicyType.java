package dev.gingham.policy;

/** The directions a policy governs. */
public enum PolicyType {
  /** Traffic to the selected endpoints. */
  INGRESS("Ingress"),
  /** Traffic from the selected endpoints. */
  EGRESS("Egress");

  private final String text;

  PolicyType(String text) {
    this.text = text;
  }

  /** As Calico and Kubernetes spell it: {@code Ingress} or {@code Egress}. */
  public String text() {
    return text;
  }

  /**
   * Reads {@code Ingress} or {@code Egress}.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static PolicyType parse(String text) {
    for (PolicyType t : values()) {
      if (t.text.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown policy type '" + text + "', expected Ingress or Egress");
  }

  @Override
  public String toString() {
    return text;
  }
}
