package dev.gingham.dataplane.linux;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;

/**
 * A pod wired to its node as Calico wires it, through the Dataplane SPI: a veth with the host end
 * ({@code ee:ee:ee:ee:ee:ee}) in the node and {@code eth0} in the pod; the pod's address as a /32
 * on {@code eth0}; in the pod, a link route to {@code 169.254.1.1} and the default route through
 * it; on the host end, proxy ARP (answering for 169.254.1.1) without delay and forwarding; in the
 * node, a /32 route to the pod over the host end. Used by the kernel tests and by the benchmark
 * harness that times it.
 */
public final class PodWiring {
  /** The pods' gateway, answered by proxy ARP on each host end. */
  public static final IpAddress GATEWAY = IpAddress.parse("169.254.1.1");

  /** Calico's host-end hardware address. */
  public static final MacAddress HOST_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");

  private PodWiring() {}

  /**
   * Prepares a node namespace, once: forwarding on, and a route to 169.254.1.1 out of an uplink (a
   * veth whose both ends stay in the node), as a real host routes it out of its own uplink by its
   * default route. Proxy ARP answers only for addresses routed out of another device than the one
   * asked on.
   */
  public static void prepareNode(Dataplane dp, NetworkNamespace node) {
    dp.sysctls().set(node, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4), "1");
    dp.links().createVeth(node, new VethSpec("uplink0", null, "uplink1", node, null, 0));
    dp.links().setUp(node, "uplink0", true);
    dp.links().setUp(node, "uplink1", true);
    dp.routes().add(node, Route.builder(GATEWAY.toPrefix()).device("uplink0").build());
  }

  /** Wires one pod: 11 requests (one veth, five routes and addresses, two links up, 3 sysctls). */
  public static void wire(
      Dataplane dp,
      NetworkNamespace node,
      NetworkNamespace pod,
      String hostEnd,
      Ipv4Address address) {
    dp.links().createVeth(node, new VethSpec(hostEnd, HOST_MAC, "eth0", pod, null, 0));
    dp.sysctls().set(node, Sysctl.proxyArp(hostEnd), "1");
    dp.sysctls().set(node, Sysctl.proxyDelay(hostEnd), "0");
    dp.sysctls().set(node, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4, hostEnd), "1");
    dp.links().setUp(node, hostEnd, true);
    dp.addresses().add(pod, InterfaceAddress.host("eth0", address));
    dp.links().setUp(pod, "eth0", true);
    dp.routes()
        .add(pod, Route.builder(GATEWAY.toPrefix()).device("eth0").scope(RouteScope.LINK).build());
    dp.routes()
        .add(
            pod,
            Route.builder(IpPrefix.parse("0.0.0.0/0")).gateway(GATEWAY).device("eth0").build());
    dp.routes()
        .add(
            node,
            Route.builder(address.toPrefix())
                .device(hostEnd)
                .protocol(Route.PROTOCOL_GINGHAM)
                .build());
  }
}
