package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.RouteReconcilers;
import dev.gingham.internal.dataplane.SimulatedDataplane;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteTable;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RouteReconcilerTest {
  private SimulatedDataplane dp;
  private NetworkNamespace ns;

  @BeforeEach
  void setUp() {
    dp = new SimulatedDataplane();
    ns = dp.namespaces().host();
    NetworkNamespace peer = dp.namespaces().create("workload");
    dp.links().createVeth(ns, new VethSpec("cali1", null, "eth0", peer, null, 0));
    dp.links().setUp(ns, "cali1", true);
    dp.addresses().add(ns, InterfaceAddress.of("cali1", IpAddress.parse("10.0.0.1"), 24));
  }

  @AfterEach
  void tearDown() {
    dp.close();
  }

  private static Route workload(String ip) {
    return Route.builder(IpPrefix.parse(ip + "/32"))
        .device("cali1")
        .protocol(Route.PROTOCOL_GINGHAM)
        .build();
  }

  private static Route blackhole(String block) {
    return Route.builder(IpPrefix.parse(block))
        .type(RouteType.BLACKHOLE)
        .protocol(Route.PROTOCOL_GINGHAM)
        .build();
  }

  private List<Route> owned() {
    return dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
  }

  @Test
  void routesTheKernelStoresDifferentlyAreInstalledOnceAndLeftAlone() {
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofHours(1)).build();
    Route v6 =
        Route.builder(IpPrefix.parse("fd00:65::/122"))
            .type(RouteType.BLACKHOLE)
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    Route viaGateway =
        Route.builder(IpPrefix.parse("10.66.0.0/26"))
            .gateway(IpAddress.parse("10.0.0.2"))
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    r.setDesired(RouteTable.of(80, List.of(v6, viaGateway)));
    assertThat(r.reconcile().added()).hasSize(2);
    // Held as metric 1024 and with device cali1, as a kernel holds them: nothing to replace.
    assertThat(owned())
        .containsExactly(
            viaGateway.toBuilder().device("cali1").build(), v6.toBuilder().metric(1024).build());
    assertThat(r.reconcile().changes()).isZero();
    r.setDesired(RouteTable.empty(80));
    assertThat(r.reconcile().deleted()).hasSize(2);
    assertThat(owned()).isEmpty();
    r.close();
  }

  @Test
  void changesOnlyWhatDiffers() {
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofHours(1)).build();
    r.setDesired(RouteTable.of(80, List.of(workload("10.65.0.5"), blackhole("10.65.0.0/26"))));
    assertThat(r.reconcile().added()).hasSize(2);
    Route moved = workload("10.65.0.5").toBuilder().mtu(1440).build();
    r.setDesired(r.desired().with(moved));
    RouteReconciler.Result result = r.reconcile();
    assertThat(result.replaced()).containsExactly(moved);
    assertThat(result.added()).isEmpty();
    assertThat(result.deleted()).isEmpty();
    assertThat(r.reconcile().changes()).isZero();
    r.close();
  }

  @Test
  void neverTouchesForeignRoutesEvenWhenTheyHoldADesiredKey() {
    Route foreign =
        Route.builder(IpPrefix.parse("10.65.0.5/32"))
            .device("cali1")
            .protocol(Route.PROTOCOL_BOOT)
            .build();
    Route other =
        Route.builder(IpPrefix.parse("192.0.2.0/24"))
            .gateway(IpAddress.parse("10.0.0.9"))
            .protocol(Route.PROTOCOL_STATIC)
            .build();
    dp.routes().add(ns, foreign);
    dp.routes().add(ns, other);
    RouteReconciler r = RouteReconcilers.create(dp, ns);
    r.setDesired(RouteTable.of(80, List.of(workload("10.65.0.5"), workload("10.65.0.6"))));
    RouteReconciler.Result result = r.reconcile();
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.route()).isEqualTo(workload("10.65.0.5"));
              assertThat(f.error()).contains("EEXIST");
            });
    // The kernel stores the gateway route with the device it chose for the gateway.
    Route otherStored = other.toBuilder().device("cali1").build();
    assertThat(dp.routes().list(ns, RouteFilter.ALL)).contains(foreign, otherStored);
    r.setDesired(RouteTable.empty(80));
    r.reconcile();
    assertThat(dp.routes().list(ns, RouteFilter.ALL)).contains(foreign, otherStored);
    assertThat(owned()).isEmpty();
    r.close();
  }

  @Test
  void periodicResyncRepairsARouteDeletedByHandWhenNoEventSaysSo() {
    // The same dataplane, but its events are lost, as when a netlink socket overruns unnoticed:
    // only the resync timer can find the drift.
    repairsADeletedRoute(new EventlessDataplane(dp), Duration.ofMillis(50));
  }

  @Test
  void routeEventsRepairDriftLongBeforeTheResync() {
    repairsADeletedRoute(dp, Duration.ofHours(1));
  }

  /**
   * Starts a reconciler, deletes its route by hand, and waits (bounded) for the route to return.
   */
  private void repairsADeletedRoute(Dataplane through, Duration resync) {
    RouteReconciler r = RouteReconcilers.builder(through, ns).resyncInterval(resync).build();
    r.setDesired(RouteTable.of(80, List.of(workload("10.65.0.5"))));
    r.start();
    await(() -> owned().contains(workload("10.65.0.5")));
    dp.routes().delete(ns, workload("10.65.0.5"));
    await(() -> owned().contains(workload("10.65.0.5")));
    r.close();
  }

  @Test
  void aStartedReconcilerRepairsDriftOnItsOwn() {
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofMillis(50)).build();
    r.setDesired(RouteTable.of(80, List.of(workload("10.65.0.5"), blackhole("10.65.0.0/26"))));
    r.start();
    await(() -> owned().size() == 2);
    dp.routes().delete(ns, workload("10.65.0.5"));
    await(() -> owned().contains(workload("10.65.0.5")));
    r.setDesired(RouteTable.of(80, List.of(blackhole("10.65.0.0/26"))));
    await(() -> owned().equals(List.of(blackhole("10.65.0.0/26"))));
    r.close();
  }

  @Test
  void retainedRoutesStayUntilReleasedWhileNewOnesComeAndGo() {
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofHours(1)).build();
    Route learned = blackhole("10.67.0.0/24");
    Route relearned = blackhole("10.67.1.0/24");
    r.setDesired(RouteTable.of(80, List.of(learned, relearned)));
    r.reconcile();
    r.close();

    // A new run (as after a restart) starts with nothing desired and keeps what it found.
    RouteReconciler next =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofHours(1)).build();
    assertThat(next.retainExisting(Duration.ofMinutes(5))).isEqualTo(2);
    assertThat(next.reconcile().changes()).isZero();
    Route fresh = blackhole("10.67.2.0/24");
    next.setDesired(RouteTable.of(80, List.of(relearned, fresh)));
    assertThat(next.reconcile().added()).containsExactly(fresh);
    next.setDesired(RouteTable.of(80, List.of(relearned)));
    // A route added after the restart goes as usual; the kept one stays.
    assertThat(next.reconcile().deleted()).containsExactly(fresh);
    assertThat(owned()).containsExactlyInAnyOrder(learned, relearned);
    assertThat(next.retained()).isEqualTo(2);

    next.releaseRetained();
    assertThat(next.retained()).isZero();
    assertThat(next.reconcile().deleted()).containsExactly(learned);
    assertThat(owned()).containsExactly(relearned);
    next.close();
  }

  @Test
  void retentionRunsOutAtItsLimitWithoutARelease() {
    Route learned = blackhole("10.68.0.0/24");
    RouteReconciler first = RouteReconcilers.create(dp, ns);
    first.setDesired(RouteTable.of(80, List.of(learned)));
    first.reconcile();
    first.close();
    RouteReconciler r =
        RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ofHours(1)).build();
    // Kept before the start, as a restarting agent does: started first, the reconciler's first
    // pass (nothing desired) could delete the route before it is kept.
    assertThat(r.retainExisting(Duration.ofMillis(300))).isEqualTo(1);
    r.start();
    assertThat(owned()).containsExactly(learned);
    // Nothing but the limit prompts the reconciliation that deletes it.
    await(() -> owned().isEmpty());
    assertThat(r.retained()).isZero();
    assertThatThrownBy(() -> r.retainExisting(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
    r.close();
  }

  @Test
  void rejectsATableOfAnotherProtocol() {
    RouteReconciler r = RouteReconcilers.builder(dp, ns).protocol(81).build();
    assertThatThrownBy(() -> r.setDesired(RouteTable.empty(80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("protocol 80")
        .hasMessageContaining("81");
    assertThatThrownBy(() -> RouteReconcilers.builder(dp, ns).resyncInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    r.close();
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
