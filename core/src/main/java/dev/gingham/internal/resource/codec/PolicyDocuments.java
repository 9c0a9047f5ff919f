package dev.gingham.internal.resource.codec;

import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.policy.PolicyModel;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.Resource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a policy model from documents: Kubernetes' NetworkPolicy, Namespace and Pod (through {@link
 * KubernetesConverter}), and every resource {@link ResourceCodec} reads, of which the kinds policy
 * sees go into the model (Tier, Profile, NetworkSet, GlobalNetworkSet, NetworkPolicy,
 * GlobalNetworkPolicy, WorkloadEndpoint, HostEndpoint). A list document ({@code kind: List} with
 * {@code items}) is read item by item. All or nothing: the first bad document throws, naming
 * resource and field. Stateless and thread-safe.
 */
public final class PolicyDocuments {
  private PolicyDocuments() {}

  /**
   * Reads documents into a model.
   *
   * @param interfacePrefix the workload interface prefix, for pods without an interface annotation
   * @throws InvalidPolicyException naming the resource and field
   */
  public static PolicyModel read(List<?> documents, String interfacePrefix) {
    PolicyModel.Builder b = PolicyModel.builder();
    for (int i = 0; i < documents.size(); i++) {
      add(b, documents.get(i), interfacePrefix, "document " + i);
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static void add(PolicyModel.Builder b, @Nullable Object d, String prefix, String where) {
    if (d == null) {
      return; // an empty YAML document
    }
    Tree doc = Tree.root(where, d);
    doc.mapOrNull();
    Map<String, ?> m = (Map<String, ?>) d;
    String kind = doc.get("kind").requiredString();
    String api = doc.get("apiVersion").string();
    if (kind.equals("List")) {
      List<Tree> items = doc.get("items").list();
      for (int i = 0; i < items.size(); i++) {
        add(b, items.get(i).value(), prefix, where + ", item " + i);
      }
      return;
    }
    if (api != null && api.equals("v1")) {
      switch (kind) {
        case "Namespace":
          b.profile(KubernetesConverter.namespace(m));
          return;
        case "Pod":
          b.endpoint(KubernetesConverter.pod(m, prefix));
          return;
        default:
          throw doc.get("kind").error("unsupported Kubernetes kind '" + kind + "'");
      }
    }
    try {
      for (Resource<?> r : ResourceCodec.read(d, where)) {
        PolicyModels.add(b, r);
      }
    } catch (InvalidResourceException e) {
      throw new InvalidPolicyException(
          e.resource() != null ? e.resource() : where + " (" + kind + ")", e.field(), e.problem());
    }
  }
}
