package dev.gingham.internal.policy;

import dev.gingham.policy.Policy;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.PolicyType;
import dev.gingham.policy.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The order of evaluation: tiers by order (unset last), then name; within a tier, policies by order
 * (unset last), then by name (namespace and name for namespaced ones, which sort after nothing in
 * particular: Calico compares the full names).
 */
public final class PolicyOrdering {
  private PolicyOrdering() {}

  /** Tiers in evaluation order. */
  public static final Comparator<Tier> TIERS =
      Comparator.comparing(Tier::order, PolicyOrdering::compareOrder).thenComparing(Tier::name);

  /** Policies of one tier in evaluation order. */
  public static final Comparator<Policy> POLICIES =
      Comparator.comparing(Policy::order, PolicyOrdering::compareOrder)
          .thenComparing(PolicyOrdering::fullName);

  private static int compareOrder(@Nullable Double a, @Nullable Double b) {
    if (a == null) {
      return b == null ? 0 : 1;
    }
    return b == null ? -1 : Double.compare(a, b);
  }

  /** The name policies sort by: {@code namespace/name}, or the name of a global policy. */
  public static String fullName(Policy p) {
    return p.namespace() == null ? p.name() : p.namespace() + "/" + p.name();
  }

  /**
   * The model's policies that govern {@code type}, grouped by tier in evaluation order, each group
   * in evaluation order; tiers without such policies are kept, with an empty list.
   */
  public static Map<Tier, List<Policy>> byTier(PolicyModel model, PolicyType type) {
    List<Tier> tiers = new ArrayList<>(model.tiers());
    tiers.sort(TIERS);
    Map<Tier, List<Policy>> out = new LinkedHashMap<>();
    for (Tier t : tiers) {
      List<Policy> ps = new ArrayList<>();
      for (Policy p : model.policies()) {
        if (p.tier().equals(t.name()) && p.types().contains(type)) {
          ps.add(p);
        }
      }
      ps.sort(POLICIES);
      out.put(t, ps);
    }
    return out;
  }
}
