package dev.gingham.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final IpPrefix BLOCK = IpPrefix.parse("10.65.0.0/26");

  @Test
  void aDeviceRouteIsLinkScopedAndAGatewayRouteUniversal() {
    Route workload = Route.builder(IpPrefix.parse("10.65.0.5/32")).device("gg0123456789a").build();
    Route remote =
        Route.builder(BLOCK).gateway(IpAddress.parse("192.168.1.2")).device("eth0").build();

    assertThat(workload.scope()).isEqualTo(RouteScope.LINK);
    assertThat(remote.scope()).isEqualTo(RouteScope.UNIVERSE);
    assertThat(workload.table()).isEqualTo(Route.TABLE_MAIN);
    assertThat(workload.protocol()).isEqualTo(Route.PROTOCOL_BOOT);
  }

  @Test
  void aBlackholeTakesNoDestinationDevice() {
    Route blackhole =
        Route.builder(BLOCK).type(RouteType.BLACKHOLE).protocol(Route.PROTOCOL_GINGHAM).build();

    assertThat(blackhole.toString()).isEqualTo("blackhole 10.65.0.0/26 proto 80");
    assertThatThrownBy(() -> Route.builder(BLOCK).type(RouteType.BLACKHOLE).device("eth0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.65.0.0/26")
        .hasMessageContaining("BLACKHOLE");
  }

  @Test
  void aUnicastRouteNeedsSomewhereToGo() {
    assertThatThrownBy(() -> Route.builder(BLOCK).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a gateway, a device or next hops");
  }

  @Test
  void familiesMustMatch() {
    assertThatThrownBy(() -> Route.builder(BLOCK).gateway(IpAddress.parse("fe80::1")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fe80::1");
  }

  @Test
  void fieldsAreBounded() {
    assertThatThrownBy(() -> Route.builder(BLOCK).device("eth0").table(0).build())
        .hasMessageContaining("table");
    assertThatThrownBy(() -> Route.builder(BLOCK).device("eth0").metric(-1).build())
        .hasMessageContaining("metric");
    assertThatThrownBy(() -> Route.builder(BLOCK).device("eth0").mtu(67).build())
        .hasMessageContaining("mtu");
    assertThatThrownBy(() -> Route.builder(BLOCK).device("eth0").protocol(256).build())
        .hasMessageContaining("protocol");
    assertThatThrownBy(() -> Route.builder(BLOCK).device("a-name-too-long-for-linux").build())
        .hasMessageContaining("longer than 15");
  }

  @Test
  void multipathCarriesItsHopsAlone() {
    Route ecmp =
        Route.builder(BLOCK)
            .nextHop(NextHop.via(IpAddress.parse("10.0.0.1"), "eth0"))
            .nextHop(NextHop.via(IpAddress.parse("10.0.0.2"), "eth1"))
            .build();

    assertThat(ecmp.nextHops()).hasSize(2);
    assertThat(ecmp.scope()).isEqualTo(RouteScope.UNIVERSE);
    assertThatThrownBy(
            () ->
                Route.builder(BLOCK)
                    .device("eth0")
                    .nextHop(NextHop.via(IpAddress.parse("10.0.0.1")))
                    .nextHop(NextHop.via(IpAddress.parse("10.0.0.2")))
                    .build())
        .hasMessageContaining("next hops");
  }

  @Test
  void theKeyIsTableDestinationAndMetric() {
    Route a = Route.builder(BLOCK).device("eth0").metric(5).build();
    Route b = a.toBuilder().device("eth1").gateway(IpAddress.parse("10.0.0.1")).build();

    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a).isNotEqualTo(b);
    assertThat(a.toBuilder().build()).isEqualTo(a);
  }

  @Test
  void kernelNumbersRoundTrip() {
    for (RouteType t : RouteType.values()) {
      assertThat(RouteType.ofKernelValue(t.kernelValue())).isEqualTo(t);
    }
    for (RouteScope s : RouteScope.values()) {
      assertThat(RouteScope.ofKernelValue(s.kernelValue())).isEqualTo(s);
    }
    assertThatThrownBy(() -> RouteType.ofKernelValue(99)).hasMessageContaining("99");
  }
}
