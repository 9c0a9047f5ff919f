package dev.gingham.policy;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A namespaced policy: its selector, and the selectors of its rules unless they name namespaces,
 * look only at its own namespace.
 *
 * <p>Immutable; it validates itself when built and names the resource and field of what is wrong.
 *
 * @param namespace the namespace, a DNS label
 * @param name the name
 * @param tier the tier's name
 * @param order the order within the tier, lower first, or null for last
 * @param selector the endpoints it applies to
 * @param types the directions it governs, inferred from the rules when built without
 * @param ingress the ingress rules
 * @param egress the egress rules
 */
public record NetworkPolicy(
    String namespace,
    String name,
    String tier,
    @Nullable Double order,
    Selector selector,
    Set<PolicyType> types,
    List<Rule> ingress,
    List<Rule> egress)
    implements Policy {

  public NetworkPolicy {
    Names.requireLabelName(resource(namespace, name), "metadata.namespace", namespace);
    Names.requireName(resource(namespace, name), "metadata.name", name);
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    types = Policy.check(resource(namespace, name), tier, order, types, ingress, egress);
  }

  private static String resource(String namespace, String name) {
    return "NetworkPolicy " + namespace + "/" + name;
  }

  @Override
  public String resource() {
    return resource(namespace, name);
  }

  /** A builder for a policy called {@code name}, in the default tier, applying to all(). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder for a {@link NetworkPolicy}. Not thread-safe. */
  public static final class Builder extends PolicyBuilder<Builder> {
    private String namespace = "default";

    private Builder(String name) {
      super(name);
    }

    /** The namespace; {@code default} when not set. */
    public Builder namespace(String v) {
      namespace = v;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws InvalidPolicyException naming the field that is wrong
     */
    public NetworkPolicy build() {
      return new NetworkPolicy(
          namespace, name, tier, order, selector, typesOrInfer(), ingress, egress);
    }
  }
}
