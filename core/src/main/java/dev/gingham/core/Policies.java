package dev.gingham.core;

import dev.gingham.internal.policy.ReferenceEvaluator;
import dev.gingham.internal.policy.nft.NftPolicyRenderer;
import dev.gingham.internal.resource.codec.KubernetesConverter;
import dev.gingham.internal.resource.codec.PolicyDocuments;
import dev.gingham.internal.resource.codec.PolicyModels;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;
import dev.gingham.resource.Resource;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Factories for the policy engine. */
public final class Policies {
  private Policies() {}

  /** The reference evaluator over a model. */
  public static PolicyEvaluator evaluator(PolicyModel model) {
    return new ReferenceEvaluator(model);
  }

  /**
   * Reads a model from documents as a YAML or JSON parser yields them (maps, lists, strings,
   * numbers): Calico's projectcalico.org/v3 policy kinds, and Kubernetes NetworkPolicy (converted
   * with Kubernetes semantics), Namespace (as its kns. profile) and Pod (as a workload endpoint).
   *
   * @param workloadInterfacePrefix the interface prefix for pods that do not name their interface
   * @throws dev.gingham.policy.InvalidPolicyException naming the resource and field
   */
  public static PolicyModel readDocuments(List<?> documents, String workloadInterfacePrefix) {
    return PolicyDocuments.read(documents, workloadInterfacePrefix);
  }

  /**
   * Converts one Kubernetes {@code networking.k8s.io/v1} NetworkPolicy document.
   *
   * @throws dev.gingham.policy.InvalidPolicyException naming the resource and field
   */
  public static NetworkPolicy fromKubernetes(Map<String, ?> networkPolicy) {
    return KubernetesConverter.networkPolicy(networkPolicy);
  }

  /**
   * The model that resources make: their tiers, profiles, network sets, policies and endpoints;
   * resources of other kinds are skipped.
   *
   * @throws dev.gingham.policy.InvalidPolicyException if they do not fit together (a policy's tier
   *     or an endpoint's profile missing, two endpoints on one interface)
   */
  public static PolicyModel fromResources(Collection<? extends Resource<?>> resources) {
    return PolicyModels.of(resources);
  }

  /** An nftables renderer with nothing loaded. */
  public static PolicyRenderer nftables(NftablesOptions options) {
    return new NftPolicyRenderer(options);
  }
}
