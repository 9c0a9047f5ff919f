package dev.gingham.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of {@link NetworkPolicy} and {@link GlobalNetworkPolicy} share. Not
 * thread-safe.
 *
 * @param <B> the concrete builder, which the setters return
 */
abstract class PolicyBuilder<B extends PolicyBuilder<B>> {
  final String name;
  String tier = Tier.DEFAULT_NAME;
  @Nullable Double order;
  Selector selector = Selector.ALL;
  @Nullable Set<PolicyType> types;
  final List<Rule> ingress = new ArrayList<>();
  final List<Rule> egress = new ArrayList<>();

  PolicyBuilder(String name) {
    this.name = name;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The tier's name; the default tier when not set. */
  public B tier(String v) {
    tier = v;
    return self();
  }

  /** The order within the tier, lower first; null (the default) for last. */
  public B order(@Nullable Double v) {
    order = v;
    return self();
  }

  /** The endpoints it applies to; all() when not set. */
  public B selector(Selector v) {
    selector = v;
    return self();
  }

  /** The endpoints it applies to, as selector text. */
  public B selector(String v) {
    return selector(Selector.parse(v));
  }

  /** The directions; null or empty to infer them from the rules. */
  public B types(@Nullable Set<PolicyType> v) {
    types = v;
    return self();
  }

  /** Adds an ingress rule. */
  public B ingress(Rule v) {
    ingress.add(v);
    return self();
  }

  /** Adds ingress rules. */
  public B ingress(List<Rule> v) {
    ingress.addAll(v);
    return self();
  }

  /** Adds an egress rule. */
  public B egress(Rule v) {
    egress.add(v);
    return self();
  }

  /** Adds egress rules. */
  public B egress(List<Rule> v) {
    egress.addAll(v);
    return self();
  }

  /** The types as the record takes them: empty to infer. */
  Set<PolicyType> typesOrInfer() {
    return types == null ? Set.of() : types;
  }
}
