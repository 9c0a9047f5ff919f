package dev.gingham.cli;

import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.MacAddress;
import dev.gingham.policy.Labels;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Wires the demo's pods the way a CNI ADD does it, with the library's calls: an address from IPAM
 * (handle {@code gingham-demo.<pod>}), a veth from the node's namespace into the pod's, the pod's
 * /32 and its routes through the link-local gateway 169.254.1.1 (which the host side answers by
 * proxy ARP), and a WorkloadEndpoint that the node's agent turns into a route and policy.
 */
final class DemoPods {
  /** The gateway every pod routes through, as Calico's pods do. */
  static final IpAddress GATEWAY = IpAddress.parse("169.254.1.1");

  /** The MAC of every host-side veth, as Calico's. */
  static final MacAddress HOST_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");

  /** A wired pod. */
  record Pod(String name, String node, String netns, String hostInterface, IpAddress ip) {
    String ref() {
      return DemoCommand.NAMESPACE + "/" + name;
    }
  }

  private DemoPods() {}

  /** The host side's name: the workload prefix and 11 hex digits of the pod's hash. */
  static String hostInterface(String pod) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((DemoCommand.NAMESPACE + "." + pod).getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder("gw");
      for (int i = 0; b.length() < 13; i++) {
        b.append(String.format("%02x", h[i]));
      }
      return b.substring(0, 13);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Wires a pod.
   *
   * @param mtu the veth's MTU, as the agent wrote it for the CNI plugin; 0 for the kernel's
   */
  static Pod wire(
      Dataplane dp,
      NetworkNamespace nodeNs,
      String netnsName,
      String node,
      String pod,
      Labels labels,
      int mtu,
      Ipam ipam,
      ResourceStore store) {
    IpAddress ip =
        ipam.autoAssign(AssignRequest.builder("gingham-demo." + pod, node).ipv4(1).build())
            .ipv4()
            .get(0);
    String host = hostInterface(pod);
    NetworkNamespace podNs = dp.namespaces().create(netnsName);
    try {
      dp.links().createVeth(nodeNs, new VethSpec(host, HOST_MAC, "eth0", podNs, null, mtu));
      dp.links().setUp(podNs, "lo", true);
      dp.links().setUp(podNs, "eth0", true);
      dp.links().setUp(nodeNs, host, true);
      dp.sysctls().set(nodeNs, Sysctl.proxyArp(host), "1");
      dp.addresses().add(podNs, InterfaceAddress.host("eth0", ip));
      dp.routes()
          .add(
              podNs,
              Route.builder(GATEWAY.toPrefix()).device("eth0").scope(RouteScope.LINK).build());
      dp.routes()
          .add(podNs, Route.builder(IpPrefix.parse("0.0.0.0/0")).gateway(GATEWAY).device("eth0").build());
    } finally {
      podNs.close();
    }
    store.create(
        Resource.of(
            ResourceKind.WORKLOAD_ENDPOINT,
            ObjectMeta.builder(pod).namespace(DemoCommand.NAMESPACE).labels(labels).build(),
            WorkloadEndpointSpec.builder(host)
                .node(node)
                .orchestrator("demo")
                .pod(pod)
                .endpoint("eth0")
                .ipNetworks(List.of(ip.toPrefix()))
                .profiles(List.of("kns." + DemoCommand.NAMESPACE))
                .build()));
    return new Pod(pod, node, netnsName, host, ip);
  }
}
