package dev.gingham.policy;

import dev.gingham.net.IpPrefix;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Labelled address ranges that selectors match as if they were endpoints: a selector that matches
 * the set's labels matches every address in its nets. A namespaced set is seen by the selectors
 * that look at its namespace; a global set ({@code namespace} null) by global selectors.
 *
 * @param namespace the namespace, or null for a GlobalNetworkSet
 * @param name the name
 * @param labels the labels
 * @param nets the address ranges
 */
public record NetworkSet(
    @Nullable String namespace, String name, Labels labels, List<IpPrefix> nets) {
  public NetworkSet {
    String resource =
        namespace == null ? "GlobalNetworkSet " + name : "NetworkSet " + namespace + "/" + name;
    if (namespace != null) {
      Names.requireLabelName(resource, "metadata.namespace", namespace);
    }
    Names.requireName(resource, "metadata.name", name);
    nets = List.copyOf(nets);
  }

  /** A namespaced network set. */
  public static NetworkSet of(String namespace, String name, Labels labels, List<IpPrefix> nets) {
    return new NetworkSet(namespace, name, labels, nets);
  }

  /** A global network set. */
  public static NetworkSet global(String name, Labels labels, List<IpPrefix> nets) {
    return new NetworkSet(null, name, labels, nets);
  }

  /** As {@code NetworkSet ns/name} or {@code GlobalNetworkSet name}. */
  public String resource() {
    return namespace == null ? "GlobalNetworkSet " + name : "NetworkSet " + namespace + "/" + name;
  }
}
