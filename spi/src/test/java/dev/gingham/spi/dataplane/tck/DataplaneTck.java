package dev.gingham.spi.dataplane.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.MacAddress;
import dev.gingham.route.Route;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.NoSuchObjectException;
import dev.gingham.spi.dataplane.ObjectExistsException;
import dev.gingham.spi.dataplane.RouteChange;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Subscription;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Dataplane} keeps, checked the same way against the simulated dataplane
 * and the Linux one. Extend it and implement {@link #openDataplane()}.
 *
 * <p>Each case works in two namespaces of its own, created with {@code Namespaces.create} and
 * deleted afterwards even when the case fails, so that the kit can run against a real kernel
 * without touching the host's devices or routes. Addresses come from 198.18.0.0/15 (the benchmark
 * range of RFC 2544) and 2001:db8::/32; no packet is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DataplaneTck {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final int PROTO = Route.PROTOCOL_GINGHAM;

  /** Opens a fresh dataplane for one case. */
  protected abstract Dataplane openDataplane();

  protected Dataplane dp;
  protected NetworkNamespace ns;
  protected NetworkNamespace other;
  private final List<String> namespaces = new ArrayList<>();
  private final List<NetworkNamespace> handles = new ArrayList<>();

  @BeforeEach
  void openAndCreateNamespaces() {
    dp = openDataplane();
    ns = createNamespace();
    other = createNamespace();
  }

  @AfterEach
  void deleteNamespaces() {
    try {
      for (NetworkNamespace h : handles) {
        try {
          h.close();
        } catch (RuntimeException ignored) {
          // closing is idempotent; a failure here must not keep the namespaces
        }
      }
      for (String name : namespaces) {
        dp.namespaces().delete(name);
      }
    } finally {
      dp.close();
    }
  }

  /** A namespace of this case's own, deleted after it. */
  protected NetworkNamespace createNamespace() {
    String name = "gtck" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    namespaces.add(name);
    NetworkNamespace h = dp.namespaces().create(name);
    handles.add(h);
    return h;
  }

  /** A veth pair, {@code a} in ns and {@code b} in other, both up. */
  protected void vethUp(String a, String b) {
    dp.links().createVeth(ns, new VethSpec(a, null, b, other, null, 0));
    dp.links().setUp(ns, a, true);
    dp.links().setUp(other, b, true);
  }

  protected static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  protected static IpPrefix net(String text) {
    return IpPrefix.parse(text);
  }

  private List<Route> owned() {
    return dp.routes().list(ns, RouteFilter.owned(PROTO));
  }

  @Nested
  @DisplayName("namespaces")
  class Namespaces {
    @Test
    @DisplayName("a created namespace is listed, has its loopback up, and opens by its path")
    void createdIsListedAndOpens() {
      String name = ns.name();
      assertThat(dp.namespaces().list()).contains(name);
      assertThat(dp.links().get(ns, "lo")).hasValueSatisfying(l -> assertThat(l.up()).isTrue());
      try (NetworkNamespace again = dp.namespaces().open(ns.path())) {
        assertThat(again.isHost()).isFalse();
        dp.links().createVeth(again, new VethSpec("gt0", null, "gt1", other, null, 0));
      }
      assertThat(dp.links().get(ns, "gt0")).isPresent();
    }

    @Test
    @DisplayName("creating a namespace whose name is taken fails with EEXIST")
    void duplicateName() {
      assertThatThrownBy(() -> dp.namespaces().create(ns.name()))
          .isInstanceOf(ObjectExistsException.class)
          .satisfies(e -> assertThat(((DataplaneException) e).errno()).isEqualTo("EEXIST"));
    }

    @Test
    @DisplayName("opening a path with no namespace fails, and deleting an absent one says so")
    void absent() {
      assertThatThrownBy(() -> dp.namespaces().open(Path.of("/run/netns/gtck-absent-namespace")))
          .isInstanceOf(NoSuchObjectException.class);
      assertThat(dp.namespaces().delete("gtck-absent-namespace")).isFalse();
    }

    @Test
    @DisplayName("the host namespace is the host, and closing its handle does nothing")
    void host() {
      NetworkNamespace host = dp.namespaces().host();
      assertThat(host.isHost()).isTrue();
      host.close();
      assertThat(dp.links().get(dp.namespaces().host(), "lo")).isPresent();
    }
  }

  @Nested
  @DisplayName("links")
  class Links {
    @Test
    @DisplayName("a veth pair is created across namespaces with both ends down")
    void vethAcrossNamespaces() {
      Link a = dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 1400));
      assertThat(a.name()).isEqualTo("gt0");
      assertThat(a.kind()).isEqualTo("veth");
      assertThat(a.up()).isFalse();
      assertThat(a.mtu()).isEqualTo(1400);
      Link b = dp.links().get(other, "gt1").orElseThrow();
      assertThat(b.kind()).isEqualTo("veth");
      assertThat(b.up()).isFalse();
      assertThat(dp.links().get(ns, "gt1")).isEmpty();
      assertThat(dp.links().list(ns)).extracting(Link::name).contains("lo", "gt0");
    }

    @Test
    @DisplayName("a veth whose name is taken fails with EEXIST and creates nothing")
    void vethNameTaken() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      assertThatThrownBy(
              () -> dp.links().createVeth(ns, new VethSpec("gt0", null, "gt2", other, null, 0)))
          .isInstanceOf(ObjectExistsException.class);
      assertThat(dp.links().get(other, "gt2")).isEmpty();
      assertThatThrownBy(
              () -> dp.links().createVeth(ns, new VethSpec("gt3", null, "gt1", other, null, 0)))
          .isInstanceOf(ObjectExistsException.class);
      assertThat(dp.links().get(ns, "gt3")).isEmpty();
    }

    @Test
    @DisplayName("a veth's carrier is up only when both ends are up")
    void carrier() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      dp.links().setUp(ns, "gt0", true);
      Link a = dp.links().get(ns, "gt0").orElseThrow();
      assertThat(a.up()).isTrue();
      assertThat(a.lowerUp()).isFalse();
      dp.links().setUp(other, "gt1", true);
      assertThat(dp.links().get(ns, "gt0").orElseThrow().lowerUp()).isTrue();
      dp.links().setUp(ns, "gt0", false);
      assertThat(dp.links().get(ns, "gt0").orElseThrow().up()).isFalse();
    }

    @Test
    @DisplayName("MTU and hardware address can be set")
    void mtuAndMac() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      dp.links().setMtu(ns, "gt0", 1440);
      MacAddress mac = MacAddress.parse("02:00:00:12:34:56");
      dp.links().setMac(ns, "gt0", mac);
      Link a = dp.links().get(ns, "gt0").orElseThrow();
      assertThat(a.mtu()).isEqualTo(1440);
      assertThat(a.mac()).isEqualTo(mac);
    }

    @Test
    @DisplayName("a device that is down can be renamed")
    void rename() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      int index = dp.links().get(ns, "gt0").orElseThrow().index();
      dp.links().rename(ns, "gt0", "gtrenamed");
      assertThat(dp.links().get(ns, "gt0")).isEmpty();
      assertThat(dp.links().get(ns, "gtrenamed").orElseThrow().index()).isEqualTo(index);
    }

    @Test
    @DisplayName("a device moved to another namespace arrives there down")
    void move() {
      NetworkNamespace third = createNamespace();
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      dp.links().setUp(ns, "gt0", true);
      dp.links().moveTo(ns, "gt0", third);
      assertThat(dp.links().get(ns, "gt0")).isEmpty();
      Link moved = dp.links().get(third, "gt0").orElseThrow();
      assertThat(moved.up()).isFalse();
      assertThat(moved.kind()).isEqualTo("veth");
    }

    @Test
    @DisplayName("deleting one end of a veth deletes its peer")
    void deletePeer() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
      assertThat(dp.links().delete(ns, "gt0")).isTrue();
      assertThat(dp.links().get(other, "gt1")).isEmpty();
      assertThat(dp.links().delete(ns, "gt0")).isFalse();
    }

    @Test
    @DisplayName("changing a device that does not exist fails with NoSuchObjectException")
    void missingDevice() {
      assertThatThrownBy(() -> dp.links().setUp(ns, "gtnone", true))
          .isInstanceOf(NoSuchObjectException.class);
      assertThatThrownBy(() -> dp.links().setMtu(ns, "gtnone", 1400))
          .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    @DisplayName("a VXLAN device is created down, and takes forwarding entries")
    void vxlan() {
      Link v =
          dp.links()
              .createVxlan(ns, new VxlanSpec("gtvx", 4096, 4789, ip("198.18.0.1"), null, null, 0));
      assertThat(v.kind()).isEqualTo("vxlan");
      assertThat(v.up()).isFalse();
      FdbEntry e = new FdbEntry("gtvx", MacAddress.parse("02:00:00:00:00:09"), ip("198.18.0.9"));
      dp.neighbours().replaceFdb(ns, e);
      assertThat(dp.neighbours().listFdb(ns, "gtvx")).contains(e);
      assertThat(dp.neighbours().deleteFdb(ns, e)).isTrue();
      assertThat(dp.neighbours().listFdb(ns, "gtvx")).doesNotContain(e);
    }
  }

  @Nested
  @DisplayName("VXLAN MTU")
  class VxlanMtu {
    @Test
    @DisplayName("a VXLAN device's MTU is 1500 alone, and its underlay's less 50 over IPv4")
    void defaults() {
      dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 1400));
      Link alone =
          dp.links()
              .createVxlan(ns, new VxlanSpec("gtvx0", 42, 4789, ip("198.18.0.1"), null, null, 0));
      Link over =
          dp.links()
              .createVxlan(ns, new VxlanSpec("gtvx1", 43, 4789, ip("198.18.0.1"), "gt0", null, 0));
      assertThat(alone.mtu()).isEqualTo(1500);
      assertThat(over.mtu()).isEqualTo(1350);
    }
  }

  @Nested
  @DisplayName("addresses")
  class Addresses {
    @Test
    @DisplayName("an address is added, listed per device and removed")
    void addListDelete() {
      vethUp("gt0", "gt1");
      InterfaceAddress a = InterfaceAddress.of("gt0", ip("198.18.0.1"), 24);
      dp.addresses().add(ns, a);
      assertThat(dp.addresses().list(ns, "gt0")).contains(a);
      assertThat(dp.addresses().list(ns)).contains(a);
      assertThat(dp.addresses().delete(ns, a)).isTrue();
      assertThat(dp.addresses().list(ns, "gt0")).doesNotContain(a);
      assertThat(dp.addresses().delete(ns, a)).isFalse();
    }

    @Test
    @DisplayName("adding an address twice fails with EEXIST; on no device, with NoSuchObject")
    void duplicateAndMissing() {
      vethUp("gt0", "gt1");
      InterfaceAddress a = InterfaceAddress.of("gt0", ip("198.18.0.1"), 24);
      dp.addresses().add(ns, a);
      assertThatThrownBy(() -> dp.addresses().add(ns, a)).isInstanceOf(ObjectExistsException.class);
      assertThatThrownBy(
              () -> dp.addresses().add(ns, InterfaceAddress.of("gtnone", ip("198.18.0.2"), 24)))
          .isInstanceOf(NoSuchObjectException.class);
    }
  }

  @Nested
  @DisplayName("routes")
  class Routes {
    private Route deviceRoute(String dst) {
      return Route.builder(net(dst)).device("gt0").protocol(PROTO).build();
    }

    @Test
    @DisplayName("a route out of a device is installed and listed as it was given")
    void addAndList() {
      vethUp("gt0", "gt1");
      Route r = deviceRoute("198.18.1.0/24");
      dp.routes().add(ns, r);
      assertThat(owned()).containsExactly(r);
    }

    @Test
    @DisplayName("adding a route whose key exists fails with EEXIST; replace replaces it")
    void addTwiceAndReplace() {
      vethUp("gt0", "gt1");
      dp.addresses().add(ns, InterfaceAddress.of("gt0", ip("198.18.0.1"), 24));
      Route r = deviceRoute("198.18.1.0/24");
      dp.routes().add(ns, r);
      assertThatThrownBy(() -> dp.routes().add(ns, r))
          .isInstanceOf(ObjectExistsException.class)
          .satisfies(e -> assertThat(((DataplaneException) e).errno()).isEqualTo("EEXIST"));
      Route viaGateway =
          Route.builder(net("198.18.1.0/24")).gateway(ip("198.18.0.2")).protocol(PROTO).build();
      dp.routes().replace(ns, viaGateway);
      assertThat(owned()).hasSize(1);
      assertThat(owned().get(0).gateway()).isEqualTo(ip("198.18.0.2"));
    }

    @Test
    @DisplayName("delete removes the route with the key and type, and says whether there was one")
    void delete() {
      vethUp("gt0", "gt1");
      Route r = deviceRoute("198.18.1.0/24");
      dp.routes().add(ns, r);
      assertThat(dp.routes().delete(ns, r)).isTrue();
      assertThat(owned()).isEmpty();
      assertThat(dp.routes().delete(ns, r)).isFalse();
    }

    @Test
    @DisplayName("delete leaves a route of another protocol that holds the key")
    void deleteMatchesProtocol() {
      vethUp("gt0", "gt1");
      Route foreign =
          Route.builder(net("198.18.1.0/24")).device("gt0").protocol(Route.PROTOCOL_STATIC).build();
      dp.routes().add(ns, foreign);
      assertThat(dp.routes().delete(ns, deviceRoute("198.18.1.0/24"))).isFalse();
      assertThat(dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_STATIC)))
          .containsExactly(foreign);
    }

    @Test
    @DisplayName("a route out of a device that does not exist fails with NoSuchObjectException")
    void missingDevice() {
      Route r = Route.builder(net("198.18.1.0/24")).device("gtnone").protocol(PROTO).build();
      assertThatThrownBy(() -> dp.routes().add(ns, r)).isInstanceOf(NoSuchObjectException.class);
      assertThat(owned()).isEmpty();
    }

    @Test
    @DisplayName("blackhole routes need no device, IPv4 and IPv6 alike")
    void blackhole() {
      Route v4 =
          Route.builder(net("198.18.64.0/26")).type(RouteType.BLACKHOLE).protocol(PROTO).build();
      Route v6 =
          Route.builder(net("2001:db8:1::/122"))
              .type(RouteType.BLACKHOLE)
              .metric(1024)
              .protocol(PROTO)
              .build();
      dp.routes().add(ns, v4);
      dp.routes().add(ns, v6);
      assertThat(owned()).containsExactlyInAnyOrder(v4, v6);
      assertThat(dp.routes().list(ns, RouteFilter.owned(PROTO).ofFamily(v6.destination().family())))
          .containsExactly(v6);
    }

    @Test
    @DisplayName("a listing by protocol shows only that protocol's routes")
    void ownedOnly() {
      vethUp("gt0", "gt1");
      Route mine = deviceRoute("198.18.1.0/24");
      Route foreign =
          Route.builder(net("198.18.2.0/24")).device("gt0").protocol(Route.PROTOCOL_STATIC).build();
      dp.routes().add(ns, mine);
      dp.routes().add(ns, foreign);
      assertThat(owned()).containsExactly(mine);
      assertThat(dp.routes().list(ns, RouteFilter.ALL)).contains(mine, foreign);
    }

    @Test
    @DisplayName("a batch applies every change it can and reports the ones that failed")
    void batch() {
      vethUp("gt0", "gt1");
      Route a = deviceRoute("198.18.1.0/24");
      Route b = deviceRoute("198.18.2.0/24");
      Route bad = Route.builder(net("198.18.3.0/24")).device("gtnone").protocol(PROTO).build();
      Route absent = deviceRoute("198.18.4.0/24");
      List<RouteChange.Failure> failures =
          dp.routes()
              .apply(
                  ns,
                  List.of(
                      RouteChange.add(a),
                      RouteChange.add(bad),
                      RouteChange.replace(b),
                      RouteChange.delete(absent)));
      assertThat(failures).hasSize(1);
      assertThat(failures.get(0).change().route()).isEqualTo(bad);
      assertThat(failures.get(0).error()).isInstanceOf(NoSuchObjectException.class);
      assertThat(owned()).containsExactly(a, b);
    }

    @Test
    @DisplayName("routes are listed in table, then destination, then metric order")
    void order() {
      vethUp("gt0", "gt1");
      Route r1 = deviceRoute("198.18.9.0/24");
      Route r2 =
          Route.builder(net("198.18.1.0/24")).device("gt0").metric(20).protocol(PROTO).build();
      Route r3 =
          Route.builder(net("198.18.1.0/24")).device("gt0").metric(10).protocol(PROTO).build();
      Route r4 =
          Route.builder(net("198.18.0.0/24")).device("gt0").table(100).protocol(PROTO).build();
      for (Route r : List.of(r1, r2, r3, r4)) {
        dp.routes().add(ns, r);
      }
      assertThat(owned()).containsExactly(r4, r3, r2, r1);
    }

    @Test
    @DisplayName("a gateway on a connected subnet is reachable, and listed with the device chosen")
    void viaGateway() {
      vethUp("gt0", "gt1");
      dp.addresses().add(ns, InterfaceAddress.of("gt0", ip("198.18.0.1"), 24));
      Route r =
          Route.builder(net("198.19.0.0/16")).gateway(ip("198.18.0.2")).protocol(PROTO).build();
      dp.routes().add(ns, r);
      assertThat(owned()).containsExactly(r.toBuilder().device("gt0").build());
      assertThat(KernelRoutes.holds(owned().get(0), r)).isTrue();
    }

    @Test
    @DisplayName("an IPv6 route given metric 0 is stored and listed with metric 1024")
    void ipv6DefaultMetric() {
      Route r =
          Route.builder(net("2001:db8:5::/64")).type(RouteType.BLACKHOLE).protocol(PROTO).build();
      dp.routes().add(ns, r);
      Route stored = r.toBuilder().metric(KernelRoutes.IPV6_DEFAULT_METRIC).build();
      assertThat(owned()).containsExactly(stored);
      assertThatThrownBy(() -> dp.routes().add(ns, stored))
          .isInstanceOf(ObjectExistsException.class);
      assertThat(dp.routes().delete(ns, r)).isTrue();
      assertThat(owned()).isEmpty();
    }

    @Test
    @DisplayName("deleting a device deletes the routes through it")
    void deviceDeleted() {
      vethUp("gt0", "gt1");
      dp.routes().add(ns, deviceRoute("198.18.1.0/24"));
      dp.links().delete(ns, "gt0");
      assertThat(owned()).isEmpty();
    }

    @Test
    @DisplayName("taking a device down deletes the IPv4 routes through it")
    void deviceDown() {
      vethUp("gt0", "gt1");
      dp.routes().add(ns, deviceRoute("198.18.1.0/24"));
      dp.links().setUp(ns, "gt0", false);
      assertThat(owned()).isEmpty();
    }

    @Test
    @DisplayName("an address on an up device brings the route to its subnet")
    void connectedRoute() {
      vethUp("gt0", "gt1");
      dp.addresses().add(ns, InterfaceAddress.of("gt0", ip("198.18.0.1"), 24));
      assertThat(dp.routes().list(ns, RouteFilter.ALL.inTable(Route.TABLE_MAIN)))
          .anySatisfy(
              r -> {
                assertThat(r.destination()).isEqualTo(net("198.18.0.0/24"));
                assertThat(r.device()).isEqualTo("gt0");
                assertThat(r.protocol()).isEqualTo(Route.PROTOCOL_KERNEL);
              });
    }
  }

  @Nested
  @DisplayName("neighbours and parameters")
  class NeighboursAndSysctls {
    @Test
    @DisplayName("permanent and proxy neighbour entries are replaced, listed and deleted")
    void neighbours() {
      vethUp("gt0", "gt1");
      Neighbour n =
          Neighbour.permanent("gt0", ip("198.18.0.7"), MacAddress.parse("02:00:00:00:00:07"));
      Neighbour p = Neighbour.proxy("gt0", ip("198.18.0.8"));
      dp.neighbours().replace(ns, n);
      dp.neighbours().replace(ns, p);
      assertThat(dp.neighbours().list(ns)).contains(n, p);
      assertThat(dp.neighbours().delete(ns, n)).isTrue();
      assertThat(dp.neighbours().list(ns)).doesNotContain(n);
      assertThatThrownBy(
              () ->
                  dp.neighbours()
                      .replace(
                          ns,
                          Neighbour.permanent(
                              "gtnone", ip("198.18.0.9"), MacAddress.parse("02:00:00:00:00:09"))))
          .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    @DisplayName("a device's parameters are read and written; an unknown one is absent")
    void sysctls() {
      vethUp("gt0", "gt1");
      dp.sysctls().set(ns, Sysctl.proxyArp("gt0"), "1");
      assertThat(dp.sysctls().get(ns, Sysctl.proxyArp("gt0"))).isEqualTo("1");
      dp.sysctls().set(ns, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4), "1");
      assertThat(dp.sysctls().get(ns, Sysctl.forwarding(dev.gingham.net.IpFamily.IPV4)))
          .isEqualTo("1");
      assertThatThrownBy(() -> dp.sysctls().get(ns, Sysctl.proxyArp("gtnone")))
          .isInstanceOf(NoSuchObjectException.class);
    }
  }

  @Nested
  @DisplayName("packet filter")
  class PacketFilter {
    private static final String TABLE = "gtck";

    private FilterTransaction base() {
      return FilterTransaction.builder(FilterFamily.INET, TABLE)
          .add(new FilterObject.NamedSet("allowed", "ipv4_addr", List.of(), null))
          .add(new FilterObject.Element("allowed", "198.18.0.5", null))
          .add(FilterObject.Chain.regular("endpoint"))
          .add(FilterObject.Rule.of("endpoint", "ip saddr @allowed accept"))
          .add(
              new FilterObject.Chain(
                  "forward", new FilterObject.Hook("filter", "forward", 0, "accept"), null))
          .add(FilterObject.Rule.of("forward", "iifname \"gt0\" jump endpoint"))
          .build();
    }

    @Test
    @DisplayName("a transaction creates the table and its objects, which read back")
    void applyAndRead() {
      dp.packetFilter().apply(ns, base());
      FilterTable t = dp.packetFilter().read(ns, FilterFamily.INET, TABLE).orElseThrow();
      assertThat(t.chains()).extracting(FilterObject.Chain::name).contains("endpoint", "forward");
      assertThat(t.sets()).extracting(FilterObject.NamedSet::name).containsExactly("allowed");
      assertThat(t.rules().get("endpoint")).hasSize(1);
      assertThat(t.rules().get("endpoint").get(0).handle()).isPresent();
      assertThat(t.elements().get("allowed"))
          .extracting(FilterObject.Element::key)
          .containsExactly("198.18.0.5");
    }

    @Test
    @DisplayName("a transaction that fails changes nothing")
    void atomic() {
      dp.packetFilter().apply(ns, base());
      FilterTable before = dp.packetFilter().read(ns, FilterFamily.INET, TABLE).orElseThrow();
      FilterTransaction bad =
          FilterTransaction.builder(FilterFamily.INET, TABLE)
              .add(new FilterObject.Element("allowed", "198.18.0.6", null))
              .add(FilterObject.Rule.of("endpoint", "jump gtck-missing-chain"))
              .build();
      assertThatThrownBy(() -> dp.packetFilter().apply(ns, bad))
          .isInstanceOf(DataplaneException.class);
      assertThat(dp.packetFilter().read(ns, FilterFamily.INET, TABLE)).contains(before);
    }

    @Test
    @DisplayName("a table is deleted whole")
    void deleteTable() {
      dp.packetFilter().apply(ns, base());
      assertThat(dp.packetFilter().deleteTable(ns, FilterFamily.INET, TABLE)).isTrue();
      assertThat(dp.packetFilter().read(ns, FilterFamily.INET, TABLE)).isEqualTo(Optional.empty());
      assertThat(dp.packetFilter().deleteTable(ns, FilterFamily.INET, TABLE)).isFalse();
    }
  }

  @Nested
  @DisplayName("subscriptions")
  class Subscriptions {
    @Test
    @DisplayName("a subscriber hears of routes added and removed, and of nothing once closed")
    void routeEvents() throws InterruptedException {
      vethUp("gt0", "gt1");
      LinkedBlockingQueue<DataplaneEvent> events = new LinkedBlockingQueue<>();
      Subscription s = dp.subscribe(ns, EnumSet.of(DataplaneEvent.Topic.ROUTES), events::add);
      Route r = Route.builder(net("198.18.1.0/24")).device("gt0").protocol(PROTO).build();
      dp.routes().add(ns, r);
      assertThat(next(events, r, false)).isTrue();
      dp.routes().delete(ns, r);
      assertThat(next(events, r, true)).isTrue();
      s.close();
      assertThat(s.isClosed()).isTrue();
      events.clear();
      dp.routes().add(ns, r);
      assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    private boolean next(LinkedBlockingQueue<DataplaneEvent> events, Route r, boolean removed)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        DataplaneEvent e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e instanceof DataplaneEvent.RouteChanged
            && ((DataplaneEvent.RouteChanged) e).route().equals(r)
            && ((DataplaneEvent.RouteChanged) e).removed() == removed) {
          return true;
        }
      }
      return false;
    }
  }
}
