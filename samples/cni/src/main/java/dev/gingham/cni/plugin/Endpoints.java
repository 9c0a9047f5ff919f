package dev.gingham.cni.plugin;

import dev.gingham.core.WiredPod;
import dev.gingham.net.IpAddress;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The WorkloadEndpoint a pod's attachment is recorded as, for the node agent (which routes and
 * polices it) and for {@code gingham ipam check} (which counts an address without one as leaked).
 * Its namespace is the pod's ({@code K8S_POD_NAMESPACE} in {@code CNI_ARGS}), else {@code default};
 * its name is {@code <node>-cni-<containerID>-<ifname>}, lower-cased, as Calico names its endpoints
 * from the node, orchestrator, workload and interface.
 */
final class Endpoints {
  /** The namespace of endpoints whose pod names none. */
  static final String DEFAULT_NAMESPACE = "default";

  private Endpoints() {}

  static ResourceId id(String node, String containerId, String ifname, Map<String, String> args) {
    return ResourceId.of(
        ResourceKind.WORKLOAD_ENDPOINT, namespace(args), name(node, containerId, ifname));
  }

  static String namespace(Map<String, String> args) {
    String ns = args.getOrDefault("K8S_POD_NAMESPACE", "");
    return ns.isEmpty() ? DEFAULT_NAMESPACE : ns;
  }

  static String name(String node, String containerId, String ifname) {
    String raw = (node + "-cni-" + containerId + "-" + ifname).toLowerCase(Locale.ROOT);
    String name = raw.replaceAll("[^a-z0-9.-]", "-");
    if (name.length() > 253) {
      name = name.substring(0, 253);
    }
    return name.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
  }

  /** Writes (or rewrites) the endpoint of a wired pod. */
  static void write(
      ResourceStore store,
      ResourceId id,
      String node,
      String containerId,
      String ifname,
      Map<String, String> args,
      WiredPod wired) {
    String pod = args.getOrDefault("K8S_POD_NAME", "");
    WorkloadEndpointSpec spec =
        WorkloadEndpointSpec.builder(wired.spec().hostEnd())
            .node(node.toLowerCase(Locale.ROOT))
            .orchestrator(pod.isEmpty() ? "cni" : "k8s")
            .workload(pod.isEmpty() ? null : pod)
            .pod(pod.isEmpty() ? null : pod)
            .endpoint(ifname)
            .containerId(containerId)
            .mac(wired.podMac())
            .ipNetworks(wired.spec().addresses().stream().map(IpAddress::toPrefix).toList())
            .build();
    store.apply(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.of(id.namespace() == null ? DEFAULT_NAMESPACE : id.namespace(), id.name()),
            spec));
  }

  /** Deletes an endpoint. @return whether it existed */
  static boolean delete(ResourceStore store, ResourceId id) {
    Optional<Resource<WorkloadEndpointSpec>> r =
        store.get(ResourceKind.WORKLOAD_ENDPOINT, id.namespace(), id.name());
    if (r.isEmpty()) {
      return false;
    }
    try {
      store.delete(id);
      return true;
    } catch (dev.gingham.resource.NoSuchResourceException e) {
      return false; // deleted meanwhile: what DEL wanted
    }
  }

  /** Whether an endpoint exists. */
  static boolean exists(ResourceStore store, ResourceId id) {
    return store.get(ResourceKind.WORKLOAD_ENDPOINT, id.namespace(), id.name()).isPresent();
  }
}
