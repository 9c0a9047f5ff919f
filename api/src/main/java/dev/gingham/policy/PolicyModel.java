package dev.gingham.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything policy depends on, at one moment: tiers, policies, profiles, network sets, endpoints
 * and the failsafe ports. The evaluator and the dataplane compiler read the same model, which is
 * what makes the evaluator the specification of the dataplane.
 *
 * <p>Built with {@link #builder()}, which checks that names are unique, that every policy's tier
 * and every endpoint's profile exist, and that no two endpoints share an interface. Immutable.
 *
 * @param tiers the tiers; the default tier is added when absent
 * @param policies the policies
 * @param profiles the profiles
 * @param networkSets the network sets, namespaced and global
 * @param endpoints the endpoints
 * @param failsafeInbound ports always open towards host endpoints
 * @param failsafeOutbound ports always open from host endpoints
 */
public record PolicyModel(
    List<Tier> tiers,
    List<Policy> policies,
    List<Profile> profiles,
    List<NetworkSet> networkSets,
    List<Endpoint> endpoints,
    List<FailsafePort> failsafeInbound,
    List<FailsafePort> failsafeOutbound) {

  public PolicyModel {
    List<Tier> t = new ArrayList<>(tiers);
    if (t.stream().noneMatch(x -> x.name().equals(Tier.DEFAULT_NAME))) {
      t.add(Tier.DEFAULT);
    }
    tiers = List.copyOf(t);
    policies = List.copyOf(policies);
    profiles = List.copyOf(profiles);
    networkSets = List.copyOf(networkSets);
    endpoints = List.copyOf(endpoints);
    failsafeInbound = List.copyOf(failsafeInbound);
    failsafeOutbound = List.copyOf(failsafeOutbound);
    check(tiers, policies, profiles, networkSets, endpoints);
  }

  private static void check(
      List<Tier> tiers,
      List<Policy> policies,
      List<Profile> profiles,
      List<NetworkSet> networkSets,
      List<Endpoint> endpoints) {
    Set<String> tierNames = new HashSet<>();
    for (Tier t : tiers) {
      if (!tierNames.add(t.name())) {
        throw new InvalidPolicyException("Tier " + t.name(), "metadata.name", "given twice");
      }
    }
    Set<String> seen = new HashSet<>();
    for (Policy p : policies) {
      if (!seen.add(p.resource())) {
        throw new InvalidPolicyException(p.resource(), "metadata.name", "given twice");
      }
      if (!tierNames.contains(p.tier())) {
        throw new InvalidPolicyException(
            p.resource(), "spec.tier", "tier '" + p.tier() + "' does not exist");
      }
    }
    Set<String> profileNames = new HashSet<>();
    for (Profile p : profiles) {
      if (!profileNames.add(p.name())) {
        throw new InvalidPolicyException("Profile " + p.name(), "metadata.name", "given twice");
      }
    }
    for (NetworkSet s : networkSets) {
      if (!seen.add(s.resource())) {
        throw new InvalidPolicyException(s.resource(), "metadata.name", "given twice");
      }
    }
    Map<String, String> interfaces = new HashMap<>();
    for (Endpoint e : endpoints) {
      if (!seen.add(e.resource())) {
        throw new InvalidPolicyException(e.resource(), "metadata.name", "given twice");
      }
      String other = interfaces.putIfAbsent(e.interfaceName(), e.resource());
      if (other != null) {
        throw new InvalidPolicyException(
            e.resource(),
            "spec.interfaceName",
            "interface '" + e.interfaceName() + "' is already " + other + "'s");
      }
      for (int i = 0; i < e.profiles().size(); i++) {
        if (!profileNames.contains(e.profiles().get(i))) {
          throw new InvalidPolicyException(
              e.resource(),
              "spec.profiles[" + i + "]",
              "profile '" + e.profiles().get(i) + "' does not exist");
        }
      }
    }
  }

  /** An empty model, with the default tier and Calico's failsafe ports. */
  public static PolicyModel empty() {
    return builder().build();
  }

  /** A builder with nothing but the default failsafe ports. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a {@link PolicyModel}. Not thread-safe. */
  public static final class Builder {
    private final List<Tier> tiers = new ArrayList<>();
    private final List<Policy> policies = new ArrayList<>();
    private final List<Profile> profiles = new ArrayList<>();
    private final List<NetworkSet> networkSets = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private List<FailsafePort> failsafeInbound = FailsafePort.DEFAULT_INBOUND;
    private List<FailsafePort> failsafeOutbound = FailsafePort.DEFAULT_OUTBOUND;

    private Builder() {}

    public Builder tier(Tier v) {
      tiers.add(v);
      return this;
    }

    public Builder policy(Policy v) {
      policies.add(v);
      return this;
    }

    public Builder policies(List<? extends Policy> v) {
      policies.addAll(v);
      return this;
    }

    public Builder profile(Profile v) {
      profiles.add(v);
      return this;
    }

    public Builder networkSet(NetworkSet v) {
      networkSets.add(v);
      return this;
    }

    public Builder endpoint(Endpoint v) {
      endpoints.add(v);
      return this;
    }

    public Builder endpoints(List<? extends Endpoint> v) {
      endpoints.addAll(v);
      return this;
    }

    public Builder failsafe(List<FailsafePort> inbound, List<FailsafePort> outbound) {
      failsafeInbound = inbound;
      failsafeOutbound = outbound;
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws InvalidPolicyException naming the resource and field that is wrong
     */
    public PolicyModel build() {
      return new PolicyModel(
          tiers, policies, profiles, networkSets, endpoints, failsafeInbound, failsafeOutbound);
    }
  }
}
