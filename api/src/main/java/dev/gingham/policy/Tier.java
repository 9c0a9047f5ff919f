package dev.gingham.policy;

import org.jspecify.annotations.Nullable;

/**
 * A tier: an ordered group of policies. Tiers are evaluated in order (unset last, then by name); a
 * packet that reaches the end of a tier in which some policy applied to its endpoint is denied,
 * unless a rule said {@link Action#PASS}.
 *
 * @param name the tier's name, a DNS label
 * @param order the order, lower first, or null for last
 */
public record Tier(String name, @Nullable Double order) {
  /** The name of the tier that holds policies that name none. */
  public static final String DEFAULT_NAME = "default";

  /** The default tier, ordered as Calico orders it (1,000,000). */
  public static final Tier DEFAULT = new Tier(DEFAULT_NAME, 1_000_000.0);

  public Tier {
    Names.requireLabelName("Tier " + name, "metadata.name", name);
    if (order != null && !Double.isFinite(order)) {
      throw new InvalidPolicyException("Tier " + name, "spec.order", "must be finite: " + order);
    }
  }

  /** A tier. */
  public static Tier of(String name, @Nullable Double order) {
    return new Tier(name, order);
  }
}
