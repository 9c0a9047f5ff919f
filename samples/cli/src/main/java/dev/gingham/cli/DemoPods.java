package dev.gingham.cli;

import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.List;

/**
 * The demo's pods. On the kernel they are wired by the real {@code gingham} CNI plugin ({@link
 * LinuxCluster#cniAdd}); on the simulated dataplane, where no plugin can run, by the same library
 * calls the plugin makes: an address from IPAM, {@link PodNetworks#wire}, and a WorkloadEndpoint.
 * Either way the demo then plays the orchestrator's part: it gives the endpoint its pod's labels
 * and its namespace's profile, as Calico's Kubernetes conversion does.
 */
public final class DemoPods {
  /** The namespace of the demo's pods. */
  public static final String NAMESPACE = DemoCommand.NAMESPACE;

  /** The host-side prefix of the gingham CNI plugin, which the agents are told. */
  static final String HOST_PREFIX = "gg";

  /**
   * A wired pod.
   *
   * @param name the pod's name
   * @param endpoint its WorkloadEndpoint's name (the CNI plugin's, which is not the pod's)
   */
  public record Pod(
      String name, String endpoint, String node, String netns, String hostInterface, IpAddress ip) {
    /** The endpoint, as {@code gingham policy explain} names it. */
    public String ref() {
      return DemoCommand.NAMESPACE + "/" + endpoint;
    }
  }

  private DemoPods() {}

  /** Wires a pod on the simulated dataplane, as the plugin would. */
  static Pod wireSimulated(
      Dataplane dp,
      NetworkNamespace nodeNs,
      String node,
      String pod,
      Labels labels,
      Ipam ipam,
      ResourceStore store) {
    String handle = "gingham-demo." + pod;
    IpAddress ip =
        ipam.autoAssign(AssignRequest.builder(handle, node).ipv4(1).build()).ipv4().get(0);
    String host = PodNetworks.hostEndName(HOST_PREFIX, handle);
    try (NetworkNamespace podNs = dp.namespaces().create(pod)) {
      PodNetworks.wire(dp, nodeNs, podNs, PodInterface.of(host, "eth0", List.of(ip)));
    }
    store.create(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.builder(pod).namespace(DemoCommand.NAMESPACE).build(),
            WorkloadEndpointSpec.builder(host)
                .node(node)
                .orchestrator("demo")
                .pod(pod)
                .endpoint("eth0")
                .ipNetworks(List.of(ip.toPrefix()))
                .build()));
    return adopt(store, pod, labels, node, pod);
  }

  /**
   * Gives a pod's endpoint its labels and the profile of its namespace, as the orchestrator's
   * conversion does, and returns the pod.
   */
  static Pod adopt(
      ResourceStore store, String endpointName, Labels labels, String node, String netns) {
    Resource<WorkloadEndpointSpec> w =
        store
            .get(ResourceKind.WORKLOAD_ENDPOINT, DemoCommand.NAMESPACE, endpointName)
            .orElseThrow(() -> new IllegalStateException("no endpoint " + endpointName));
    WorkloadEndpointSpec s = w.spec();
    WorkloadEndpointSpec withProfile =
        new WorkloadEndpointSpec(
            s.node(),
            s.orchestrator(),
            s.workload(),
            s.pod(),
            s.endpoint(),
            s.containerId(),
            s.serviceAccountName(),
            s.interfaceName(),
            s.mac(),
            s.ipNetworks(),
            s.ipNats(),
            List.of("kns." + DemoCommand.NAMESPACE),
            s.ports());
    store.replace(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            w.metadata().toBuilder().labels(labels).build(),
            withProfile));
    String name = s.pod() != null ? s.pod() : endpointName;
    return new Pod(name, endpointName, node, netns, s.interfaceName(), s.addresses().get(0));
  }
}
