package dev.gingham.core;

import dev.gingham.internal.policy.ReferenceEvaluator;
import dev.gingham.internal.policy.nft.NftPolicyRenderer;
import dev.gingham.internal.resource.codec.KubernetesConverter;
import dev.gingham.internal.resource.codec.PolicyDocuments;
import dev.gingham.policy.NetworkPolicy;
import dev.gingham.policy.PolicyEvaluator;
import dev.gingham.policy.PolicyModel;
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

  /** An nftables renderer with nothing loaded. */
  public static PolicyRenderer nftables(NftablesOptions options) {
    return new NftPolicyRenderer(options);
  }
}
