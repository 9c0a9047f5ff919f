package dev.gingham.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.PrefixMaps;
import dev.gingham.core.RouteReconcilers;
import dev.gingham.internal.dataplane.SimulatedDataplane;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.route.PrefixMap;
import dev.gingham.route.Route;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.IpipSpec;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteCalculatorTest {
  private static final IpPrefix POOL = IpPrefix.parse("10.65.0.0/16");
  private static final RemoteNode SAME_SUBNET =
      new RemoteNode(
          "node-b", List.of(NodeAddress.parse("192.168.0.12/24")), ip("10.65.1.0"), null);
  private static final RemoteNode OTHER_SUBNET =
      new RemoteNode(
          "node-c", List.of(NodeAddress.parse("192.168.1.13/24")), ip("10.65.2.0"), null);

  private static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  private static IpPrefix net(String s) {
    return IpPrefix.parse(s);
  }

  /** node-a on 192.168.0.0/24 with one workload and one block; b on its subnet, c on another. */
  private static RoutingInputs.Builder cluster(EncapMode ipip, EncapMode vxlan) {
    return RoutingInputs.builder("node-a")
        .address(NodeAddress.parse("192.168.0.11/24"))
        .workload(
            new LocalWorkload("web-1", "cali1234", List.of(ip("10.65.0.5"), ip("fd00:65::5"))))
        .localBlock(net("10.65.0.0/26"))
        .remoteNode(SAME_SUBNET)
        .remoteNode(OTHER_SUBNET)
        .remoteBlock(new RemoteBlock(net("10.65.1.0/26"), "node-b"))
        .remoteBlock(new RemoteBlock(net("10.65.2.0/26"), "node-c"))
        .pool(new PoolRouting(POOL, ipip, vxlan));
  }

  private static Route routeTo(RouteCalculator.Result result, String destination) {
    return result.table().routes().stream()
        .filter(r -> r.destination().equals(net(destination)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no route to " + destination + " in " + result));
  }

  @Test
  void aWorkloadGetsAHostRouteOfScopeLinkOutOfItsInterface() {
    RouteCalculator.Result r =
        RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.NEVER).build());
    Route v4 = routeTo(r, "10.65.0.5/32");
    assertThat(v4.device()).isEqualTo("cali1234");
    assertThat(v4.scope()).isEqualTo(RouteScope.LINK);
    assertThat(v4.gateway()).isNull();
    assertThat(v4.protocol()).isEqualTo(Route.PROTOCOL_GINGHAM);
    assertThat(routeTo(r, "fd00:65::5/128").device()).isEqualTo("cali1234");
  }

  @Test
  void eachLocalBlockIsBlackholed() {
    Route b =
        routeTo(
            RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.NEVER).build()),
            "10.65.0.0/26");
    assertThat(b.type()).isEqualTo(RouteType.BLACKHOLE);
    assertThat(b.device()).isNull();
  }

  @Test
  void withoutBgpRemoteBlocksGoToTheirNodeNatively() {
    RouteCalculator.Result r =
        RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.NEVER).build());
    assertThat(routeTo(r, "10.65.1.0/26").gateway()).isEqualTo(ip("192.168.0.12"));
    assertThat(routeTo(r, "10.65.1.0/26").device()).isNull();
    assertThat(routeTo(r, "10.65.2.0/26").gateway()).isEqualTo(ip("192.168.1.13"));
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void ipipAlwaysTunnelsToEveryNode() {
    RouteCalculator.Result r =
        RouteCalculator.calculate(cluster(EncapMode.ALWAYS, EncapMode.NEVER).build());
    for (String block : List.of("10.65.1.0/26", "10.65.2.0/26")) {
      Route route = routeTo(r, block);
      assertThat(route.device()).isEqualTo("tunl0");
      assertThat(route.onLink()).isTrue();
    }
    assertThat(routeTo(r, "10.65.1.0/26").gateway()).isEqualTo(ip("192.168.0.12"));
  }

  @Test
  void ipipCrossSubnetTunnelsOnlyToNodesOnAnotherSubnet() {
    RouteCalculator.Result r =
        RouteCalculator.calculate(cluster(EncapMode.CROSS_SUBNET, EncapMode.NEVER).build());
    Route same = routeTo(r, "10.65.1.0/26");
    assertThat(same.device()).isNull();
    assertThat(same.gateway()).isEqualTo(ip("192.168.0.12"));
    Route other = routeTo(r, "10.65.2.0/26");
    assertThat(other.device()).isEqualTo("tunl0");
    assertThat(other.gateway()).isEqualTo(ip("192.168.1.13"));
    assertThat(other.onLink()).isTrue();
  }

  @Test
  void vxlanGoesToTheNodesVxlanAddressAlwaysOrAcrossSubnets() {
    RouteCalculator.Result always =
        RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.ALWAYS).build());
    Route b = routeTo(always, "10.65.1.0/26");
    assertThat(b.gateway()).isEqualTo(ip("10.65.1.0"));
    assertThat(b.device()).isEqualTo("vxlan.calico");
    assertThat(b.onLink()).isTrue();
    RouteCalculator.Result cross =
        RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.CROSS_SUBNET).build());
    assertThat(routeTo(cross, "10.65.1.0/26").gateway()).isEqualTo(ip("192.168.0.12"));
    assertThat(routeTo(cross, "10.65.2.0/26").device()).isEqualTo("vxlan.calico");
    assertThat(routeTo(cross, "10.65.2.0/26").gateway()).isEqualTo(ip("10.65.2.0"));
  }

  @Test
  void vxlanToANodeWithoutAVxlanAddressIsLeftOutAndSaid() {
    RoutingInputs in =
        RoutingInputs.builder("node-a")
            .address(NodeAddress.parse("192.168.0.11/24"))
            .remoteNode(RemoteNode.of("node-d", NodeAddress.parse("192.168.0.14/24")))
            .remoteBlock(new RemoteBlock(net("10.65.3.0/26"), "node-d"))
            .pool(new PoolRouting(POOL, EncapMode.NEVER, EncapMode.ALWAYS))
            .build();
    RouteCalculator.Result r = RouteCalculator.calculate(in);
    assertThat(r.table().size()).isZero();
    assertThat(r.skipped()).singleElement().asString().contains("node-d", "no VXLAN address");
  }

  @Test
  void withBgpTheLearnedRoutesAreUsedFollowingThePoolsEncapsulation() {
    RoutingInputs in =
        cluster(EncapMode.CROSS_SUBNET, EncapMode.NEVER)
            .bgp(true)
            .learned(new LearnedRoute(net("10.65.1.0/26"), ip("192.168.0.12")))
            .learned(new LearnedRoute(net("10.65.2.0/26"), ip("192.168.1.13")))
            .learned(new LearnedRoute(net("10.65.0.0/26"), ip("192.168.0.12")))
            .learned(new LearnedRoute(net("203.0.113.0/24"), ip("192.168.0.1")))
            .build();
    RouteCalculator.Result r = RouteCalculator.calculate(in);
    assertThat(routeTo(r, "10.65.1.0/26").device()).isNull();
    assertThat(routeTo(r, "10.65.2.0/26").device()).isEqualTo("tunl0");
    assertThat(routeTo(r, "10.65.0.0/26").type()).isEqualTo(RouteType.BLACKHOLE);
    assertThat(routeTo(r, "203.0.113.0/24").gateway()).isEqualTo(ip("192.168.0.1"));
    assertThat(r.skipped()).anySatisfy(s -> assertThat(s).contains("own block"));
  }

  @Test
  void withBgpTheDatastoresRemoteBlocksAreNotUsed() {
    RouteCalculator.Result r =
        RouteCalculator.calculate(cluster(EncapMode.NEVER, EncapMode.NEVER).bgp(true).build());
    assertThat(r.table().routes())
        .extracting(Route::destination)
        .containsExactlyInAnyOrder(net("10.65.0.5/32"), net("fd00:65::5/128"), net("10.65.0.0/26"));
  }

  @Test
  void aBorrowedAddressIsMoreSpecificThanItsBlocksRoute() {
    // node-c runs a workload whose address came from node-b's block.
    RoutingInputs in =
        cluster(EncapMode.CROSS_SUBNET, EncapMode.NEVER)
            .remoteWorkload(new RemoteWorkload(ip("10.65.1.9"), "node-c"))
            .build();
    RouteCalculator.Result r = RouteCalculator.calculate(in);
    PrefixMap<Route> fib = PrefixMaps.create();
    r.table().routes().forEach(route -> fib.put(route.destination(), route));
    Route borrowed = fib.longestMatch(ip("10.65.1.9"));
    assertThat(borrowed.destination()).isEqualTo(net("10.65.1.9/32"));
    assertThat(borrowed.gateway()).isEqualTo(ip("192.168.1.13"));
    assertThat(borrowed.device()).isEqualTo("tunl0");
    Route neighbour = fib.longestMatch(((Ipv4Address) ip("10.65.1.10")).toInt());
    assertThat(neighbour.destination()).isEqualTo(net("10.65.1.0/26"));
    assertThat(neighbour.gateway()).isEqualTo(ip("192.168.0.12"));
  }

  @Test
  void aLocalWorkloadWithABorrowedAddressBeatsTheRemoteBlock() {
    RoutingInputs in =
        cluster(EncapMode.NEVER, EncapMode.NEVER)
            .workload(new LocalWorkload("db-1", "cali5678", List.of(ip("10.65.1.7"))))
            .remoteWorkload(new RemoteWorkload(ip("10.65.1.7"), "node-b"))
            .build();
    RouteCalculator.Result r = RouteCalculator.calculate(in);
    PrefixMap<Route> fib = PrefixMaps.create();
    r.table().routes().forEach(route -> fib.put(route.destination(), route));
    assertThat(fib.longestMatch(ip("10.65.1.7")).device()).isEqualTo("cali5678");
    assertThat(r.skipped()).singleElement().asString().contains("loses its key");
  }

  @Test
  void inputsRefuseWhatCannotBe() {
    assertThatThrownBy(() -> new PoolRouting(POOL, EncapMode.ALWAYS, EncapMode.ALWAYS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.65.0.0/16");
    assertThatThrownBy(
            () -> new PoolRouting(net("fd00:65::/48"), EncapMode.ALWAYS, EncapMode.NEVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IPv4 only");
    assertThatThrownBy(() -> NodeAddress.parse("192.168.0.11"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("192.168.0.11");
    assertThatThrownBy(
            () -> RoutingInputs.builder("a").remoteNode(SAME_SUBNET).remoteNode(SAME_SUBNET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node-b");
    assertThatThrownBy(() -> new LearnedRoute(net("10.0.0.0/8"), ip("fd00::1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCalculatedRoutesInstallCleanlyOnTheSimulatedDataplane() {
    try (SimulatedDataplane dp = new SimulatedDataplane()) {
      NetworkNamespace host = dp.namespaces().host();
      NetworkNamespace lan = dp.namespaces().create("lan");
      NetworkNamespace pod = dp.namespaces().create("web-1");
      dp.links().createVeth(host, new VethSpec("eth0", null, "eth0", lan, null, 0));
      dp.links().createVeth(host, new VethSpec("cali1234", null, "eth0", pod, null, 0));
      dp.links().createIpip(host, new IpipSpec("tunl0", null, null, 0));
      dp.links()
          .createVxlan(
              host, new VxlanSpec("vxlan.calico", 4096, 4789, ip("192.168.0.11"), null, null, 0));
      for (String d : List.of("eth0", "cali1234", "tunl0", "vxlan.calico")) {
        dp.links().setUp(host, d, true);
      }
      dp.addresses().add(host, InterfaceAddress.of("eth0", ip("192.168.0.11"), 24));
      RoutingInputs in =
          cluster(EncapMode.CROSS_SUBNET, EncapMode.NEVER)
              .remoteWorkload(new RemoteWorkload(ip("10.65.1.9"), "node-c"))
              .build();
      RouteCalculator.Result result = RouteCalculator.calculate(in);
      RouteReconciler reconciler = RouteReconcilers.create(dp, host);
      reconciler.setDesired(result.table());
      RouteReconciler.Result applied = reconciler.reconcile();
      assertThat(applied.failures()).isEmpty();
      // Held as the kernel stores them: the IPv6 route with metric 1024, the gateway route with
      // the device chosen for its gateway; and then nothing is left to change.
      List<Route> held = dp.routes().list(host, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
      assertThat(held).hasSameSizeAs(result.table().routes());
      for (Route wanted : result.table().routes()) {
        assertThat(held).anySatisfy(h -> assertThat(KernelRoutes.holds(h, wanted)).isTrue());
      }
      assertThat(reconciler.reconcile().changes()).isZero();
      reconciler.close();
    }
  }
}
