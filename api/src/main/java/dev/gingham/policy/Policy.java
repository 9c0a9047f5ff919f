package dev.gingham.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link NetworkPolicy} and {@link GlobalNetworkPolicy} share: a selector choosing the
 * endpoints the policy applies to, the directions it governs, and ordered ingress and egress rules.
 */
public sealed interface Policy permits NetworkPolicy, GlobalNetworkPolicy {

  /** The name. */
  String name();

  /** The namespace of a {@link NetworkPolicy}; null for a {@link GlobalNetworkPolicy}. */
  @Nullable String namespace();

  /** The tier's name. */
  String tier();

  /** The order within the tier, lower first, or null for last. */
  @Nullable Double order();

  /** The endpoints the policy applies to (within its namespace, for a {@link NetworkPolicy}). */
  Selector selector();

  /** The directions the policy governs: as given, or inferred from the rules when not given. */
  Set<PolicyType> types();

  /** The ingress rules, in order. */
  List<Rule> ingress();

  /** The egress rules, in order. */
  List<Rule> egress();

  /** The kind and name for messages, as {@code NetworkPolicy prod/allow-web}. */
  String resource();

  /**
   * Calico's inference of {@code types} when none are given: {@code Ingress}, plus {@code Egress}
   * when there are egress rules, except that a policy with egress rules and no ingress rules
   * governs {@code Egress} only.
   */
  static Set<PolicyType> inferTypes(List<Rule> ingress, List<Rule> egress) {
    if (egress.isEmpty()) {
      return EnumSet.of(PolicyType.INGRESS);
    }
    return ingress.isEmpty()
        ? EnumSet.of(PolicyType.EGRESS)
        : EnumSet.of(PolicyType.INGRESS, PolicyType.EGRESS);
  }

  /** Validates what both kinds share and returns the effective types. */
  static Set<PolicyType> check(
      String resource,
      String tier,
      @Nullable Double order,
      @Nullable Set<PolicyType> types,
      List<Rule> ingress,
      List<Rule> egress) {
    Names.requireLabelName(resource, "spec.tier", tier);
    if (order != null && !Double.isFinite(order)) {
      throw new InvalidPolicyException(resource, "spec.order", "must be finite: " + order);
    }
    for (int i = 0; i < ingress.size(); i++) {
      ingress.get(i).validate(resource, "spec.ingress[" + i + "]");
    }
    for (int i = 0; i < egress.size(); i++) {
      egress.get(i).validate(resource, "spec.egress[" + i + "]");
    }
    Set<PolicyType> effective =
        types == null || types.isEmpty() ? inferTypes(ingress, egress) : EnumSet.copyOf(types);
    if (!effective.contains(PolicyType.INGRESS) && !ingress.isEmpty()) {
      throw new InvalidPolicyException(
          resource, "spec.types", "has ingress rules but types " + effective + " omit Ingress");
    }
    if (!effective.contains(PolicyType.EGRESS) && !egress.isEmpty()) {
      throw new InvalidPolicyException(
          resource, "spec.types", "has egress rules but types " + effective + " omit Egress");
    }
    return Set.copyOf(effective);
  }
}
