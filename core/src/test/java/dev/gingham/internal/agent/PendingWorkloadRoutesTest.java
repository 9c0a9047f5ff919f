package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.route.RouteTable;
import dev.gingham.route.RouteType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The grace period for the CNI plugin's routes, driven by a fake clock. */
class PendingWorkloadRoutesTest {
  private static final int P = Route.PROTOCOL_GINGHAM;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final PendingWorkloadRoutes pending =
      new PendingWorkloadRoutes("gw", Duration.ofSeconds(10), clock::get);

  private static Route podRoute(String ip, String device) {
    return Route.builder(IpAddress.parse(ip).toPrefix()).device(device).protocol(P).build();
  }

  private static Route blackhole(String prefix) {
    return Route.builder(IpPrefix.parse(prefix)).type(RouteType.BLACKHOLE).protocol(P).build();
  }

  @Test
  void aRouteOnAnUnknownWorkloadInterfaceIsKeptForTheGracePeriodOnly() {
    Route plugin = podRoute("10.65.0.5", "gwpod1");
    RouteTable want = RouteTable.of(P, List.of(blackhole("10.65.0.0/26")));
    assertThat(pending.keep(want, Set.of(), List.of(plugin)).routes())
        .containsExactlyInAnyOrder(blackhole("10.65.0.0/26"), plugin);
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(pending.keep(want, Set.of(), List.of(plugin)).routes()).contains(plugin);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(pending.keep(want, Set.of(), List.of(plugin))).isSameAs(want);
  }

  @Test
  void aPendingRouteWinsOverTheBlackholeOfASlash32Block() {
    Route plugin = podRoute("10.66.0.1", "gwpod1");
    RouteTable want = RouteTable.of(P, List.of(blackhole("10.66.0.1/32")));
    assertThat(pending.keep(want, Set.of(), List.of(plugin)).routes()).containsExactly(plugin);
  }

  @Test
  void routesOfKnownWorkloadsAndOtherDevicesAreLeftToTheCalculation() {
    Route known = podRoute("10.65.0.5", "gwpod1");
    Route other = podRoute("10.65.0.6", "eth0");
    Route gateway =
        Route.builder(IpPrefix.parse("10.65.1.0/26"))
            .gateway(IpAddress.parse("192.0.2.2"))
            .protocol(P)
            .build();
    RouteTable want = RouteTable.empty(P);
    assertThat(pending.keep(want, Set.of("gwpod1"), List.of(known, other, gateway))).isSameAs(want);
  }

  @Test
  void aDesiredUnicastRouteWithTheSameKeyWins() {
    Route stale = podRoute("10.65.0.5", "gwold");
    Route mine = podRoute("10.65.0.5", "gwnew");
    RouteTable want = RouteTable.of(P, List.of(mine));
    assertThat(pending.keep(want, Set.of("gwnew"), List.of(stale)).routes()).containsExactly(mine);
  }

  @Test
  void aRouteThatComesBackGetsAFreshGracePeriod() {
    Route plugin = podRoute("10.65.0.5", "gwpod1");
    RouteTable want = RouteTable.empty(P);
    pending.keep(want, Set.of(), List.of(plugin));
    clock.addAndGet(Duration.ofSeconds(11).toNanos());
    pending.keep(want, Set.of(), List.of());
    assertThat(pending.keep(want, Set.of(), List.of(plugin)).routes()).containsExactly(plugin);
  }

  @Test
  void badSettingsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> new PendingWorkloadRoutes("", Duration.ofSeconds(1), clock::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> new PendingWorkloadRoutes("gw", Duration.ZERO, clock::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }
}
