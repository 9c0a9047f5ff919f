package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.internal.dataplane.SimulatedDataplane;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteReconciler;
import dev.gingham.route.RouteTable;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.ObjectExistsException;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One reconciliation, from any routes the dataplane holds to any desired table, makes the owned
 * routes equal the desired ones (but for keys a foreign route holds), leaves every foreign route as
 * it was, and changes only what differs. Run against the simulated dataplane.
 */
class RouteReconcilerProperties {
  private static final int OWN = Route.PROTOCOL_GINGHAM;
  private static final int[] FOREIGN = {Route.PROTOCOL_BOOT, Route.PROTOCOL_STATIC, 12};
  private static final String[] DESTINATIONS = {
    "10.65.0.0/26",
    "10.65.0.64/26",
    "10.65.1.5/32",
    "10.65.1.6/32",
    "10.66.0.0/16",
    "0.0.0.0/0",
    "fd00:10::/122",
    "fd00:10::5/128"
  };

  /** A route drawn from small pools, so that keys collide between the two sides. */
  record Spec(int destination, int table, int metric, int kind, int protocol) {
    Route route(int protocolNumber) {
      IpPrefix dst = IpPrefix.parse(DESTINATIONS[destination]);
      boolean v4 = dst.family() == dev.gingham.net.IpFamily.IPV4;
      Route.Builder b =
          Route.builder(dst)
              .table(table == 0 ? Route.TABLE_MAIN : 100)
              .metric(metric * 5)
              .protocol(protocolNumber);
      switch (kind) {
        case 0:
          b.device("d0");
          break;
        case 1:
          b.type(RouteType.BLACKHOLE);
          break;
        case 2:
          b.type(RouteType.UNREACHABLE);
          break;
        case 3:
          b.gateway(IpAddress.parse(v4 ? "10.0.0.2" : "fd00::2")).device("d0");
          break;
        default:
          b.device("d0").mtu(1400);
      }
      // As the kernel stores it (IPv6 metric 0 is 1024), so that the sides compare with equals;
      // RouteReconcilerTest covers desired routes given otherwise.
      return KernelRoutes.normalized(b.build());
    }
  }

  /** A namespace with a device {@code d0} up, on 10.0.0.1/24 and fd00::1/64. */
  private static NetworkNamespace node(SimulatedDataplane dp, String name) {
    NetworkNamespace ns = dp.namespaces().create(name);
    NetworkNamespace peer = dp.namespaces().create(name + "-peer");
    dp.links().createVeth(ns, new VethSpec("d0", null, "d1", peer, null, 0));
    dp.links().setUp(ns, "d0", true);
    dp.addresses().add(ns, InterfaceAddress.of("d0", IpAddress.parse("10.0.0.1"), 24));
    dp.addresses().add(ns, InterfaceAddress.of("d0", IpAddress.parse("fd00::1"), 64));
    return ns;
  }

  private static RouteTable table(List<Spec> specs) {
    Map<RouteKey, Route> want = new LinkedHashMap<>();
    specs.forEach(s -> want.putIfAbsent(s.route(OWN).key(), s.route(OWN)));
    return RouteTable.of(OWN, want.values());
  }

  @Property(tries = 200)
  void aReconcileOfTheChangedKeysEndsWhereAWholeOneDoes(
      @ForAll("specs") List<Spec> first, @ForAll("specs") List<Spec> second) {
    try (SimulatedDataplane dp = new SimulatedDataplane()) {
      RouteTable before = table(first);
      RouteTable after = table(second);
      Set<RouteKey> changed = new HashSet<>();
      before.routes().forEach(r -> changed.add(r.key()));
      after.routes().forEach(r -> changed.add(r.key()));
      changed.removeIf(k -> before.get(k).equals(after.get(k)));

      NetworkNamespace a = node(dp, "keyed");
      DataplaneRouteReconciler keyed =
          new DataplaneRouteReconciler(dp, a, OWN, Duration.ofHours(1));
      keyed.setDesired(before);
      assertThat(keyed.reconcile().failures()).isEmpty();
      RouteReconciler.Result result = keyed.reconcile(after, changed);

      NetworkNamespace b = node(dp, "whole");
      RouteReconciler whole = new DataplaneRouteReconciler(dp, b, OWN, Duration.ofHours(1));
      whole.setDesired(after);
      whole.reconcile();

      assertThat(result.failures()).isEmpty();
      assertThat(keyed.desired()).isEqualTo(after);
      assertThat(dp.routes().list(a, RouteFilter.ALL))
          .isEqualTo(dp.routes().list(b, RouteFilter.ALL));
      assertThat(result.added().size() + result.replaced().size() + result.deleted().size())
          .isEqualTo(changed.size());
    }
  }

  @Property(tries = 200)
  void oneApplyMakesOwnedRoutesEqualDesiredAndLeavesForeignOnes(
      @ForAll("specs") List<Spec> held, @ForAll("specs") List<Spec> wanted) {
    try (SimulatedDataplane dp = new SimulatedDataplane()) {
      NetworkNamespace ns = node(dp, "node");
      for (Spec s : held) {
        int protocol = s.protocol() == 0 ? OWN : FOREIGN[s.protocol() % FOREIGN.length];
        try {
          dp.routes().add(ns, s.route(protocol));
        } catch (ObjectExistsException e) {
          // two held routes drew the same key: the first one stays, as in a kernel
        }
      }
      RouteTable desired = table(wanted);

      List<Route> all = dp.routes().list(ns, RouteFilter.ALL);
      List<Route> foreignBefore = all.stream().filter(r -> r.protocol() != OWN).toList();
      Map<RouteKey, Route> ownedBefore =
          byKey(all.stream().filter(r -> r.protocol() == OWN).toList());
      Map<RouteKey, Route> foreignByKey = byKey(foreignBefore);

      RouteReconciler reconciler = new DataplaneRouteReconciler(dp, ns, OWN, Duration.ofHours(1));
      reconciler.setDesired(desired);
      RouteReconciler.Result result = reconciler.reconcile();

      List<Route> after = dp.routes().list(ns, RouteFilter.ALL);
      assertThat(after.stream().filter(r -> r.protocol() != OWN).toList())
          .as("foreign routes")
          .isEqualTo(foreignBefore);
      List<Route> blocked =
          desired.routes().stream()
              .filter(r -> foreignByKey.containsKey(r.key()) && !ownedBefore.containsKey(r.key()))
              .toList();
      List<Route> expectedOwned =
          desired.routes().stream().filter(r -> !blocked.contains(r)).toList();
      assertThat(dp.routes().list(ns, RouteFilter.owned(OWN)))
          .as("owned routes")
          .isEqualTo(expectedOwned);
      // Failures come in the order the changes were made (link-scope routes first).
      assertThat(result.failures())
          .extracting(RouteReconciler.Failure::route)
          .containsExactlyInAnyOrderElementsOf(blocked);

      // Minimal: one change per difference, none for a route already as desired.
      long adds =
          desired.routes().stream()
              .filter(r -> !ownedBefore.containsKey(r.key()) && !blocked.contains(r))
              .count();
      long replaces =
          desired.routes().stream()
              .filter(r -> ownedBefore.containsKey(r.key()) && !ownedBefore.get(r.key()).equals(r))
              .count();
      long deletes = ownedBefore.keySet().stream().filter(k -> desired.get(k).isEmpty()).count();
      assertThat(result.added()).hasSize((int) adds);
      assertThat(result.replaced()).hasSize((int) replaces);
      assertThat(result.deleted()).hasSize((int) deletes);

      RouteReconciler.Result again = reconciler.reconcile();
      assertThat(again.added()).isEmpty();
      assertThat(again.replaced()).isEmpty();
      assertThat(again.deleted()).isEmpty();
      assertThat(again.failures()).hasSameSizeAs(blocked);
      reconciler.close();
    }
  }

  private static Map<RouteKey, Route> byKey(List<Route> routes) {
    Map<RouteKey, Route> m = new HashMap<>();
    routes.forEach(r -> m.put(r.key(), r));
    return m;
  }

  @Provide
  Arbitrary<List<Spec>> specs() {
    return Combinators.combine(
            Arbitraries.integers().between(0, DESTINATIONS.length - 1),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 3))
        .as(Spec::new)
        .list()
        .ofMaxSize(14);
  }
}
