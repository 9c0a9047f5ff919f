package dev.gingham.dataplane.linux;

import static dev.gingham.dataplane.linux.IpJson.has;
import static dev.gingham.dataplane.linux.IpJson.ip;
import static dev.gingham.dataplane.linux.IpJson.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneUnsupportedException;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.IpipSpec;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Subscription;
import dev.gingham.spi.dataplane.Sysctl;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every operation of the Linux dataplane, checked against what {@code ip -j} and {@code bridge -j}
 * report in the namespace it acted on. Each test works in two namespaces of its own, deleted
 * afterwards even when it fails; addresses are from 198.18.0.0/15 and 2001:db8::/32.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinuxDataplaneKernelTest {
  private static final String PREFIX = "ghlx";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private LinuxDataplane dp;
  private NetworkNamespace ns;
  private NetworkNamespace other;
  private String nsName;
  private String otherName;

  @BeforeAll
  static void prerequisites() {
    Prerequisites.require();
    TestNamespaces.removeStale(PREFIX);
  }

  @BeforeEach
  void createNamespaces() {
    dp = LinuxDataplane.open();
    nsName = PREFIX + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    otherName = PREFIX + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    ns = dp.namespaces().create(nsName);
    other = dp.namespaces().create(otherName);
  }

  @AfterEach
  void deleteNamespaces() {
    try {
      dp.namespaces().delete(nsName);
      dp.namespaces().delete(otherName);
    } finally {
      dp.close();
    }
  }

  private static JsonNode link(String namespace, String device) {
    List<JsonNode> l = ip(namespace, "-d", "link", "show", "dev", device);
    assertThat(l).hasSize(1);
    return l.get(0);
  }

  private static boolean linkExists(String namespace, String device) {
    return Shell.run(false, "ip", "-n", namespace, "-j", "link", "show", "dev", device)
        .contains("\"ifname\":\"" + device + "\"");
  }

  private void vethUp() {
    dp.links().createVeth(ns, new VethSpec("gt0", null, "gt1", other, null, 0));
    dp.links().setUp(ns, "gt0", true);
    dp.links().setUp(other, "gt1", true);
  }

  @Test
  void vethIsCreatedAcrossNamespacesAndChangedAsIpSeesIt() {
    MacAddress mac = MacAddress.parse("02:00:00:00:aa:01");
    MacAddress peerMac = MacAddress.parse("02:00:00:00:aa:02");
    dp.links().createVeth(ns, new VethSpec("gt0", mac, "gt1", other, peerMac, 1400));
    JsonNode a = link(nsName, "gt0");
    assertThat(text(a.get("linkinfo"), "info_kind")).isEqualTo("veth");
    assertThat(a.get("mtu").asInt()).isEqualTo(1400);
    assertThat(text(a, "address")).isEqualTo(mac.toString());
    assertThat(has(a, "flags", "UP")).isFalse();
    JsonNode b = link(otherName, "gt1");
    assertThat(text(b, "address")).isEqualTo(peerMac.toString());
    assertThat(b.get("mtu").asInt()).isEqualTo(1400);
    assertThat(linkExists(nsName, "gt1")).isFalse();

    dp.links().setUp(ns, "gt0", true);
    assertThat(has(link(nsName, "gt0"), "flags", "UP")).isTrue();
    dp.links().setMtu(ns, "gt0", 1300);
    assertThat(link(nsName, "gt0").get("mtu").asInt()).isEqualTo(1300);
    MacAddress changed = MacAddress.parse("02:00:00:00:aa:03");
    dp.links().setMac(ns, "gt0", changed);
    assertThat(text(link(nsName, "gt0"), "address")).isEqualTo(changed.toString());
    dp.links().setUp(ns, "gt0", false);
    int index = link(nsName, "gt0").get("ifindex").asInt();
    dp.links().rename(ns, "gt0", "gtnew");
    assertThat(link(nsName, "gtnew").get("ifindex").asInt()).isEqualTo(index);
    assertThat(dp.links().get(ns, "gtnew").orElseThrow().index()).isEqualTo(index);

    dp.links().moveTo(other, "gt1", ns);
    assertThat(linkExists(otherName, "gt1")).isFalse();
    assertThat(linkExists(nsName, "gt1")).isTrue();
    assertThat(dp.links().delete(ns, "gtnew")).isTrue();
    assertThat(linkExists(nsName, "gtnew")).isFalse();
    assertThat(linkExists(nsName, "gt1")).as("the peer goes with it").isFalse();
  }

  @Test
  void vxlanDeviceWithForwardingAndNeighbourEntriesForARemoteVtep() {
    vethUp();
    dp.addresses().add(ns, InterfaceAddress.of("gt0", IpAddress.parse("198.18.0.1"), 24));
    dp.links()
        .createVxlan(
            ns, new VxlanSpec("gtvx", 4096, 4789, IpAddress.parse("198.18.0.1"), "gt0", null, 0));
    JsonNode data = link(nsName, "gtvx").get("linkinfo").get("info_data");
    assertThat(data.get("id").asInt()).isEqualTo(4096);
    assertThat(data.get("port").asInt()).isEqualTo(4789);
    assertThat(text(data, "local")).isEqualTo("198.18.0.1");
    assertThat(text(data, "link")).isEqualTo("gt0");
    assertThat(data.get("learning").asBoolean()).isFalse();

    MacAddress remoteMac = MacAddress.parse("66:00:00:00:00:09");
    FdbEntry fdb = new FdbEntry("gtvx", remoteMac, IpAddress.parse("198.18.0.9"));
    dp.neighbours().replaceFdb(ns, fdb);
    List<JsonNode> entries = IpJson.bridge(nsName, "fdb", "show", "dev", "gtvx");
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(text(e, "mac")).isEqualTo(remoteMac.toString());
              assertThat(text(e, "dst")).isEqualTo("198.18.0.9");
            });
    assertThat(dp.neighbours().listFdb(ns, "gtvx")).containsExactly(fdb);
    // Calico's remote VTEP: the tunnel address of the remote node answers at the remote MAC.
    Neighbour vtep = Neighbour.permanent("gtvx", IpAddress.parse("198.19.1.0"), remoteMac);
    dp.neighbours().replace(ns, vtep);
    assertThat(ip(nsName, "neigh", "show", "dev", "gtvx"))
        .anySatisfy(
            n -> {
              assertThat(text(n, "dst")).isEqualTo("198.19.1.0");
              assertThat(text(n, "lladdr")).isEqualTo(remoteMac.toString());
              assertThat(has(n, "state", "PERMANENT")).isTrue();
            });
    assertThat(dp.neighbours().deleteFdb(ns, fdb)).isTrue();
    assertThat(IpJson.bridge(nsName, "fdb", "show", "dev", "gtvx"))
        .noneSatisfy(e -> assertThat(text(e, "mac")).isEqualTo(remoteMac.toString()));
    assertThat(dp.neighbours().deleteFdb(ns, fdb)).isFalse();
  }

  @Test
  void addressesAsIpSeesThem() {
    vethUp();
    InterfaceAddress v4 = InterfaceAddress.of("gt0", IpAddress.parse("198.18.0.1"), 24);
    InterfaceAddress v6 = InterfaceAddress.of("gt0", IpAddress.parse("2001:db8::1"), 64);
    dp.addresses().add(ns, v4);
    dp.addresses().add(ns, v6);
    JsonNode info = ip(nsName, "addr", "show", "dev", "gt0").get(0).get("addr_info");
    assertThat(info)
        .anySatisfy(
            a -> {
              assertThat(text(a, "local")).isEqualTo("198.18.0.1");
              assertThat(a.get("prefixlen").asInt()).isEqualTo(24);
              assertThat(text(a, "scope")).isEqualTo("global");
            })
        .anySatisfy(
            a -> {
              assertThat(text(a, "local")).isEqualTo("2001:db8::1");
              assertThat(a.get("prefixlen").asInt()).isEqualTo(64);
            });
    assertThat(dp.addresses().list(ns, "gt0")).contains(v4, v6);
    assertThat(dp.addresses().list(ns, "gt0"))
        .anySatisfy(a -> assertThat(a.scope()).isEqualTo(RouteScope.LINK)); // fe80::/64
    assertThat(dp.addresses().delete(ns, v4)).isTrue();
    assertThat(ip(nsName, "addr", "show", "dev", "gt0").get(0).get("addr_info"))
        .noneSatisfy(a -> assertThat(text(a, "local")).isEqualTo("198.18.0.1"));
  }

  @Test
  void routesWithEveryFieldAsIpSeesThem() {
    vethUp();
    dp.addresses().add(ns, InterfaceAddress.of("gt0", IpAddress.parse("198.18.0.1"), 24));
    Route full =
        Route.builder(IpPrefix.parse("198.20.0.0/16"))
            .gateway(IpAddress.parse("198.18.0.2"))
            .device("gt0")
            .table(100)
            .metric(7)
            .mtu(1400)
            .source(IpAddress.parse("198.18.0.1"))
            .onLink(true)
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    Route multipath =
        Route.builder(IpPrefix.parse("198.19.0.0/16"))
            .nextHop(new NextHop(IpAddress.parse("198.18.0.2"), "gt0", 2, false))
            .nextHop(new NextHop(IpAddress.parse("198.18.0.3"), "gt0", 1, false))
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    Route link =
        Route.builder(IpPrefix.parse("198.21.0.5/32"))
            .device("gt0")
            .scope(RouteScope.LINK)
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    Route unreachable =
        Route.builder(IpPrefix.parse("198.22.0.0/26"))
            .type(RouteType.UNREACHABLE)
            .metric(5)
            .protocol(Route.PROTOCOL_BIRD)
            .build();
    Route v6 =
        Route.builder(IpPrefix.parse("2001:db8:9::/64"))
            .type(RouteType.PROHIBIT)
            .protocol(Route.PROTOCOL_GINGHAM)
            .build();
    for (Route r : List.of(full, multipath, link, unreachable, v6)) {
      dp.routes().add(ns, r);
    }

    JsonNode f = IpJson.routes(nsName, "100", "198.20.0.0/16").get(0);
    assertThat(text(f, "gateway")).isEqualTo("198.18.0.2");
    assertThat(text(f, "dev")).isEqualTo("gt0");
    assertThat(text(f, "protocol")).isEqualTo("80");
    assertThat(f.get("metric").asInt()).isEqualTo(7);
    assertThat(text(f, "prefsrc")).isEqualTo("198.18.0.1");
    assertThat(has(f, "flags", "onlink")).isTrue();
    assertThat(f.get("metrics").get(0).get("mtu").asInt()).isEqualTo(1400);

    JsonNode m = IpJson.routes(nsName, "main", "198.19.0.0/16").get(0);
    assertThat(m.get("nexthops")).hasSize(2);
    assertThat(text(m.get("nexthops").get(0), "gateway")).isEqualTo("198.18.0.2");
    assertThat(m.get("nexthops").get(0).get("weight").asInt()).isEqualTo(2);
    assertThat(text(IpJson.routes(nsName, "main", "198.21.0.5").get(0), "scope")).isEqualTo("link");
    JsonNode u = IpJson.routes(nsName, "main", "198.22.0.0/26").get(0);
    assertThat(text(u, "type")).isEqualTo("unreachable");
    assertThat(text(u, "protocol")).isEqualTo("bird");
    JsonNode p = IpJson.routes(nsName, "main", "2001:db8:9::/64").get(0);
    assertThat(text(p, "type")).isEqualTo("prohibit");
    assertThat(p.get("metric").asInt()).as("IPv6 metric 0 is stored as 1024").isEqualTo(1024);

    // Listings filter by protocol, table and family, and give back what was given.
    assertThat(dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM)))
        .containsExactly(full, multipath, link, v6.toBuilder().metric(1024).build());
    assertThat(dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM).inTable(100)))
        .containsExactly(full);
    assertThat(dp.routes().list(ns, RouteFilter.ALL.inTable(500))).isEmpty();
    assertThat(dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_BIRD)))
        .containsExactly(unreachable);
    assertThat(dp.routes().list(ns, RouteFilter.ALL.ofFamily(IpFamily.IPV6)))
        .allSatisfy(r -> assertThat(r.destination().family()).isEqualTo(IpFamily.IPV6));

    Route moved = link.toBuilder().device("gt0").mtu(1300).build();
    dp.routes().replace(ns, moved);
    assertThat(
            IpJson.routes(nsName, "main", "198.21.0.5")
                .get(0)
                .get("metrics")
                .get(0)
                .get("mtu")
                .asInt())
        .isEqualTo(1300);
    assertThat(dp.routes().delete(ns, multipath)).isTrue();
    assertThat(IpJson.routes(nsName, "main", "198.19.0.0/16")).isEmpty();
    assertThat(dp.routes().delete(ns, unreachable.toBuilder().protocol(80).build()))
        .as("another protocol's route stays")
        .isFalse();
    assertThat(IpJson.routes(nsName, "main", "198.22.0.0/26")).hasSize(1);
  }

  @Test
  void neighboursAsIpSeesThem() {
    vethUp();
    Neighbour permanent =
        Neighbour.permanent(
            "gt0", IpAddress.parse("198.18.0.7"), MacAddress.parse("02:00:00:00:00:07"));
    Neighbour proxy = Neighbour.proxy("gt0", IpAddress.parse("198.18.0.8"));
    Neighbour v6 =
        Neighbour.permanent(
            "gt0", IpAddress.parse("2001:db8::7"), MacAddress.parse("02:00:00:00:00:17"));
    dp.neighbours().replace(ns, permanent);
    dp.neighbours().replace(ns, proxy);
    dp.neighbours().replace(ns, v6);
    assertThat(ip(nsName, "neigh", "show", "dev", "gt0"))
        .anySatisfy(
            n -> {
              assertThat(text(n, "dst")).isEqualTo("198.18.0.7");
              assertThat(text(n, "lladdr")).isEqualTo("02:00:00:00:00:07");
              assertThat(has(n, "state", "PERMANENT")).isTrue();
            })
        .anySatisfy(n -> assertThat(text(n, "dst")).isEqualTo("2001:db8::7"));
    assertThat(ip(nsName, "neigh", "show", "proxy"))
        .anySatisfy(n -> assertThat(text(n, "dst")).isEqualTo("198.18.0.8"));
    assertThat(dp.neighbours().list(ns)).contains(permanent, proxy, v6);
    assertThat(dp.neighbours().delete(ns, proxy)).isTrue();
    assertThat(ip(nsName, "neigh", "show", "proxy")).isEmpty();
    assertThat(dp.neighbours().delete(ns, proxy)).isFalse();
  }

  @Test
  void sysctlsArePerNamespaceAndPerInterface() {
    vethUp();
    for (Sysctl s :
        List.of(
            Sysctl.proxyArp("gt0"),
            Sysctl.forwarding(IpFamily.IPV4, "gt0"),
            Sysctl.rpFilter("gt0"),
            Sysctl.acceptRa("gt0"))) {
      dp.sysctls().set(ns, s, "1");
      assertThat(sysctl(nsName, s)).as(s.path()).isEqualTo("1");
      assertThat(dp.sysctls().get(ns, s)).isEqualTo("1");
    }
    dp.sysctls().set(ns, Sysctl.proxyDelay("gt0"), "0");
    assertThat(sysctl(nsName, Sysctl.proxyDelay("gt0"))).isEqualTo("0");
    dp.sysctls().set(ns, Sysctl.forwarding(IpFamily.IPV4), "1");
    assertThat(sysctl(nsName, Sysctl.forwarding(IpFamily.IPV4))).isEqualTo("1");
    assertThat(sysctl(otherName, Sysctl.forwarding(IpFamily.IPV4)))
        .as("another namespace keeps its own")
        .isEqualTo("0");
    assertThatThrownBy(() -> dp.sysctls().set(ns, Sysctl.rpFilter("gt0"), "x"))
        .hasMessageContaining("EINVAL");
  }

  private static String sysctl(String namespace, Sysctl s) {
    return Shell.run("ip", "netns", "exec", namespace, "cat", "/proc/sys/" + s.path()).strip();
  }

  @Test
  void ipipIsReportedUnsupportedOnThisKernelAndNothingIsCreated() {
    // The kernel here has no ipip module; where it has one, the device is made instead.
    boolean supported =
        Shell.run(false, "ip", "-n", nsName, "link", "add", "gtprobe", "type", "ipip").isEmpty();
    if (supported) {
      Shell.run("ip", "-n", nsName, "link", "del", "gtprobe");
      dp.links().createIpip(ns, new IpipSpec("gtip", Ipv4Address.parse("198.18.0.1"), null, 0));
      assertThat(text(link(nsName, "gtip").get("linkinfo"), "info_kind")).isEqualTo("ipip");
      return;
    }
    assertThatThrownBy(() -> dp.links().createIpip(ns, new IpipSpec("tunl0", null, null, 0)))
        .isInstanceOf(DataplaneUnsupportedException.class)
        .hasMessageContaining("EOPNOTSUPP")
        .hasMessageContaining("ipip");
    assertThat(linkExists(nsName, "tunl0")).isFalse();
  }

  @Test
  void subscribersHearOfLinksAndAddresses() throws InterruptedException {
    LinkedBlockingQueue<DataplaneEvent> events = new LinkedBlockingQueue<>();
    try (Subscription s =
        dp.subscribe(
            ns,
            EnumSet.of(DataplaneEvent.Topic.LINKS, DataplaneEvent.Topic.ADDRESSES),
            events::add)) {
      vethUp();
      InterfaceAddress a = InterfaceAddress.of("gt0", IpAddress.parse("198.18.0.1"), 24);
      dp.addresses().add(ns, a);
      Shell.run("ip", "-n", nsName, "link", "set", "gt0", "mtu", "1280");
      List<DataplaneEvent> seen = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline && !heard(seen, a)) {
        DataplaneEvent e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          seen.add(e);
        }
      }
      assertThat(heard(seen, a)).as("events: %s", seen).isTrue();
    }
  }

  private static boolean heard(List<DataplaneEvent> seen, InterfaceAddress a) {
    boolean created = false;
    boolean address = false;
    boolean mtu = false;
    for (DataplaneEvent e : seen) {
      if (e instanceof DataplaneEvent.LinkChanged) {
        DataplaneEvent.LinkChanged l = (DataplaneEvent.LinkChanged) e;
        created |= l.link().name().equals("gt0") && !l.removed();
        mtu |= l.link().name().equals("gt0") && l.link().mtu() == 1280;
      }
      if (e instanceof DataplaneEvent.AddressChanged) {
        address |= ((DataplaneEvent.AddressChanged) e).address().equals(a);
      }
    }
    return created && address && mtu;
  }
}
