package dev.gingham.spi.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;
import dev.gingham.route.RouteType;
import org.junit.jupiter.api.Test;

class KernelRoutesTest {
  private static final IpAddress GW = IpAddress.parse("192.0.2.1");

  @Test
  void anIpv6MetricZeroIsStoredAs1024AndIpv4KeepsIt() {
    Route v6 = Route.builder(IpPrefix.parse("2001:db8::/64")).type(RouteType.BLACKHOLE).build();
    assertThat(KernelRoutes.metric(v6)).isEqualTo(1024);
    assertThat(KernelRoutes.normalized(v6).metric()).isEqualTo(1024);
    assertThat(KernelRoutes.holds(KernelRoutes.normalized(v6), v6)).isTrue();
    Route v4 = Route.builder(IpPrefix.parse("10.0.0.0/8")).type(RouteType.BLACKHOLE).build();
    assertThat(KernelRoutes.normalized(v4)).isSameAs(v4);
    Route v6Metric = v6.toBuilder().metric(5).build();
    assertThat(KernelRoutes.normalized(v6Metric)).isSameAs(v6Metric);
  }

  @Test
  void aGatewayIsHeldWithTheDeviceTheKernelChoseButNotAnotherGatewayOrFlag() {
    Route wanted = Route.builder(IpPrefix.parse("10.1.0.0/16")).gateway(GW).build();
    Route held = wanted.toBuilder().device("eth0").build();
    assertThat(KernelRoutes.holds(held, wanted)).isTrue();
    assertThat(KernelRoutes.holds(held, wanted.toBuilder().device("eth1").build())).isFalse();
    assertThat(
            KernelRoutes.holds(
                held.toBuilder().gateway(IpAddress.parse("192.0.2.2")).build(), wanted))
        .isFalse();
    assertThat(KernelRoutes.holds(held.toBuilder().onLink(true).build(), wanted)).isFalse();
    assertThat(KernelRoutes.holds(held.toBuilder().mtu(1400).build(), wanted)).isFalse();
  }

  @Test
  void aMultipathHopIsHeldWithTheDeviceChosenForItsGateway() {
    Route wanted =
        Route.builder(IpPrefix.parse("10.2.0.0/16"))
            .nextHop(NextHop.via(GW))
            .nextHop(new NextHop(IpAddress.parse("192.0.2.2"), "eth1", 2, false))
            .build();
    Route held =
        Route.builder(IpPrefix.parse("10.2.0.0/16"))
            .nextHop(new NextHop(GW, "eth0", 1, false))
            .nextHop(new NextHop(IpAddress.parse("192.0.2.2"), "eth1", 2, false))
            .build();
    assertThat(KernelRoutes.holds(held, wanted)).isTrue();
    Route otherWeight =
        Route.builder(IpPrefix.parse("10.2.0.0/16"))
            .nextHop(new NextHop(GW, "eth0", 3, false))
            .nextHop(new NextHop(IpAddress.parse("192.0.2.2"), "eth1", 2, false))
            .build();
    assertThat(KernelRoutes.holds(otherWeight, wanted)).isFalse();
  }
}
