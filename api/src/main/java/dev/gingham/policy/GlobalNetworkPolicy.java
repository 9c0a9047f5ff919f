package dev.gingham.policy;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A cluster-wide policy: its selector looks at every endpoint, namespaced or not (host endpoints
 * included).
 *
 * <p>Immutable; it validates itself when built and names the resource and field of what is wrong.
 *
 * @param name the name
 * @param tier the tier's name
 * @param order the order within the tier, lower first, or null for last
 * @param selector the endpoints it applies to
 * @param namespaceSelector the policy applies only to endpoints in namespaces with matching labels,
 *     or null
 * @param types the directions it governs, inferred from the rules when built without
 * @param ingress the ingress rules
 * @param egress the egress rules
 */
public record GlobalNetworkPolicy(
    String name,
    String tier,
    @Nullable Double order,
    Selector selector,
    @Nullable Selector namespaceSelector,
    Set<PolicyType> types,
    List<Rule> ingress,
    List<Rule> egress)
    implements Policy {

  public GlobalNetworkPolicy {

    Names.requireName(resource(name), "metadata.name", name);
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    types = Policy.check(resource(name), tier, order, types, ingress, egress);
  }

  private static String resource(String name) {
    return "GlobalNetworkPolicy " + name;
  }

  @Override
  public String resource() {
    return resource(name);
  }

  /** Null: a global policy has no namespace. */
  @Override
  public @Nullable String namespace() {
    return null;
  }

  /** A builder for a policy called {@code name}, in the default tier, applying to all(). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder for a {@link GlobalNetworkPolicy}. Not thread-safe. */
  public static final class Builder extends PolicyBuilder<Builder> {
    private @Nullable Selector namespaceSelector;

    private Builder(String name) {
      super(name);
    }

    /** Applies it only to endpoints in namespaces whose labels match; null for all. */
    public Builder namespaceSelector(@Nullable Selector v) {
      namespaceSelector = v;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws InvalidPolicyException naming the field that is wrong
     */
    public GlobalNetworkPolicy build() {
      return new GlobalNetworkPolicy(
          name, tier, order, selector, namespaceSelector, typesOrInfer(), ingress, egress);
    }
  }
}
