package dev.gingham.dataplane.linux.rtnl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.NetlinkFormatException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.net.MacAddress;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.KernelRoutes;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Neighbour;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * The rtnetlink codecs: what a request encodes, the decoder reads back as the kernel would report
 * it; garbage, truncations and one-byte mutations fail with {@link NetlinkFormatException} (or
 * decode to something, or to nothing), never with another exception.
 */
class RtnlCodecProperties {
  private static final List<String> DEVICES = List.of("d0", "eth0", "cali12ab", "vxlan.calico");

  /** Indexes 2, 3, 4, 5 for the devices above. */
  static final LinkNames NAMES =
      new LinkNames() {
        @Override
        public int indexOf(String name) {
          int i = DEVICES.indexOf(name);
          return i < 0 ? 0 : i + 2;
        }

        @Override
        public @Nullable String nameOf(int index) {
          return index >= 2 && index < 2 + DEVICES.size() ? DEVICES.get(index - 2) : null;
        }
      };

  private static ByteBuffer written(NetlinkWriter w) {
    ByteBuffer b = w.buffer().duplicate().order(w.buffer().order());
    b.limit(w.position());
    return b;
  }

  // ------------------------------------------------------------------ routes

  @Property(tries = 2000)
  @Label("a route encoded for RTM_NEWROUTE decodes to the route as the kernel stores it")
  void routeRoundTrip(@ForAll("routes") Route route) {
    NetlinkWriter w = new NetlinkWriter(8192);
    RouteCodec.write(w, 9, Rtnl.RTM_NEWROUTE, 0x601, route, NAMES);
    Route back =
        RouteCodec.decode(
            written(w),
            0,
            w.position(),
            new Attributes(Rtnl.RTA_MAX),
            new Attributes(Rtnl.RTAX_MAX),
            NAMES);
    assertThat(back).isEqualTo(KernelRoutes.normalized(route));
    Statistics.collect(route.type(), route.nextHops().isEmpty() ? "single" : "multipath");
  }

  @Property(tries = 500)
  @Label("a delete names the key, the type and the protocol, and no device or gateway")
  void routeDelete(@ForAll("routes") Route route) {
    NetlinkWriter w = new NetlinkWriter(8192);
    RouteCodec.write(w, 9, Rtnl.RTM_DELROUTE, 0x1, route, NAMES);
    ByteBuffer b = written(w);
    Attributes a = new Attributes(Rtnl.RTA_MAX).parse(b, 28, w.position());
    assertThat(b.get(16 + 6) & 0xff).as("scope").isEqualTo(Rtnl.RT_SCOPE_NOWHERE);
    assertThat(b.get(16 + 5) & 0xff).as("protocol").isEqualTo(route.protocol());
    assertThat(b.get(16 + 7) & 0xff).as("type").isEqualTo(route.type().kernelValue());
    assertThat(a.u32(Rtnl.RTA_TABLE, -1)).isEqualTo(route.table());
    assertThat(a.u32(Rtnl.RTA_PRIORITY, 0)).isEqualTo(KernelRoutes.metric(route));
    assertThat(a.has(Rtnl.RTA_OIF) || a.has(Rtnl.RTA_GATEWAY) || a.has(Rtnl.RTA_MULTIPATH))
        .isFalse();
  }

  @Provide
  Arbitrary<Route> routes() {
    return Combinators.combine(
            prefixes(),
            Arbitraries.integers().between(0, 9),
            Arbitraries.of(1, 100, 254, 255, 300, 70000),
            Arbitraries.integers().between(0, 3000),
            Arbitraries.integers().between(0, 255),
            Arbitraries.of(0, 68, 1400, 9000),
            Arbitraries.of(RouteScope.values()),
            Arbitraries.longs())
        .as(RtnlCodecProperties::route);
  }

  private static Route route(
      IpPrefix dst,
      int shape,
      int table,
      int metric,
      int protocol,
      int mtu,
      RouteScope scope,
      long r) {
    Route.Builder b =
        Route.builder(dst).table(table).metric(metric).protocol(protocol).mtu(mtu).scope(scope);
    boolean v4 = dst.family() == dev.gingham.net.IpFamily.IPV4;
    IpAddress gw = address(v4, r);
    String dev = DEVICES.get((int) ((r >>> 8) & 3));
    switch (shape) {
      case 0:
        b.device(dev);
        break;
      case 1:
        b.gateway(gw);
        break;
      case 2:
        b.gateway(gw).device(dev).onLink((r & 1) == 0);
        break;
      case 3:
        b.type(RouteType.BLACKHOLE);
        break;
      case 4:
        b.type(RouteType.UNREACHABLE);
        break;
      case 5:
        b.type(RouteType.PROHIBIT);
        break;
      case 6:
        b.type(RouteType.THROW);
        break;
      case 7:
        b.type(RouteType.LOCAL).device(dev).source(gw);
        break;
      case 8:
        b.nextHop(new NextHop(gw, dev, 1 + (int) ((r >>> 16) & 255), (r & 2) == 0))
            .nextHop(NextHop.via(address(v4, r * 31 + 7)))
            .nextHop(new NextHop(null, DEVICES.get(0), 256, false));
        break;
      default:
        b.device(dev).source(address(v4, ~r));
    }
    return b.build();
  }

  private static IpAddress address(boolean v4, long r) {
    return v4 ? Ipv4Address.of((int) r) : Ipv6Address.of(r * 0x9E3779B97F4A7C15L, r);
  }

  @Provide
  Arbitrary<IpPrefix> prefixes() {
    Arbitrary<IpPrefix> v4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as((a, len) -> IpPrefix.ofMasking(Ipv4Address.of(a), len));
    Arbitrary<IpPrefix> v6 =
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
            .as((h, l, len) -> IpPrefix.ofMasking(Ipv6Address.of(h, l), len));
    return Arbitraries.oneOf(v4, v6);
  }

  @Property(tries = 3000)
  @Label("route messages of garbage, truncated or mutated, fail only with NetlinkFormatException")
  void routeGarbage(
      @ForAll("routes") Route route,
      @ForAll @IntRange(min = 0, max = 400) int cut,
      @ForAll @IntRange(min = 0, max = 400) int flip,
      @ForAll byte value,
      @ForAll @Size(max = 120) byte[] tail) {
    NetlinkWriter w = new NetlinkWriter(8192);
    RouteCodec.write(w, 9, Rtnl.RTM_NEWROUTE, 0x601, route, NAMES);
    ByteBuffer b = written(w);
    int length = w.position();
    if (flip < length) {
      b.put(flip, value);
    }
    decodeSafely(b, Math.min(length, Math.max(16, length - cut)), "route");
    NetlinkWriter g = new NetlinkWriter(8192);
    g.begin(Rtnl.RTM_NEWROUTE, 0, 1);
    g.u8(tail.length > 0 && (tail[0] & 1) == 1 ? Rtnl.AF_INET6 : Rtnl.AF_INET).zeros(11);
    for (byte x : tail) {
      g.u8(x);
    }
    g.end();
    decodeSafely(written(g), g.position(), "garbage");
  }

  private static void decodeSafely(ByteBuffer b, int length, String what) {
    try {
      Route r =
          RouteCodec.decode(
              b, 0, length, new Attributes(Rtnl.RTA_MAX), new Attributes(Rtnl.RTAX_MAX), NAMES);
      Statistics.label(what).collect(r == null ? "nothing" : "a route");
    } catch (NetlinkFormatException e) {
      Statistics.label(what).collect("rejected");
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  // ------------------------------------------------------------------ links

  @Property(tries = 1000)
  @Label("link messages decode to the device they describe")
  void linkRoundTrip(
      @ForAll @IntRange(min = 1, max = 100000) int index,
      @ForAll("names") String name,
      @ForAll("kinds") String kind,
      @ForAll @IntRange(min = 68, max = 65535) int mtu,
      @ForAll boolean up,
      @ForAll boolean lowerUp,
      @ForAll boolean ether,
      @ForAll long mac,
      @ForAll @IntRange(min = 0, max = 50) int master) {
    NetlinkWriter w = new NetlinkWriter(4096);
    w.begin(Rtnl.RTM_NEWLINK, 0, 1);
    w.u8(0).u8(0).u16(ether ? Rtnl.ARPHRD_ETHER : 772).u32(index);
    w.u32((up ? Rtnl.IFF_UP : 0) | (lowerUp ? Rtnl.IFF_LOWER_UP : 0) | 0x1000).u32(0);
    w.attrString(Rtnl.IFLA_IFNAME, name);
    w.attrU32(Rtnl.IFLA_MTU, mtu);
    MacAddress m = MacAddress.of(mac & 0xffff_ffff_ffffL);
    w.attrMac(Rtnl.IFLA_ADDRESS, m);
    if (master != 0) {
      w.attrU32(Rtnl.IFLA_MASTER, master);
    }
    if (!kind.isEmpty()) {
      int info = w.open(Rtnl.IFLA_LINKINFO);
      w.attrChars(Rtnl.IFLA_INFO_KIND, kind);
      w.endNest(info);
    }
    w.end();
    Link l =
        LinkCodec.decode(
            written(w),
            0,
            w.position(),
            new Attributes(Rtnl.IFLA_MAX),
            new Attributes(Rtnl.IFLA_INFO_DATA));
    assertThat(l)
        .isEqualTo(new Link(index, name, kind, ether ? m : null, mtu, up, lowerUp, master));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(15);
  }

  @Provide
  Arbitrary<String> kinds() {
    return Arbitraries.of("", "veth", "vxlan", "ipip", "bridge");
  }

  @Property(tries = 3000)
  @Label("link messages of garbage fail only with NetlinkFormatException")
  void linkGarbage(@ForAll @Size(max = 200) byte[] body) {
    NetlinkWriter w = new NetlinkWriter(4096);
    w.begin(Rtnl.RTM_NEWLINK, 0, 1);
    for (byte x : body) {
      w.u8(x);
    }
    w.end();
    try {
      Link l =
          LinkCodec.decode(
              written(w),
              0,
              w.position(),
              new Attributes(Rtnl.IFLA_MAX),
              new Attributes(Rtnl.IFLA_INFO_DATA));
      assertThat(l.name()).isNotEmpty();
    } catch (NetlinkFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  // ------------------------------------------------------------------ addresses, neighbours

  @Property(tries = 1000)
  @Label("an address encoded for RTM_NEWADDR decodes to itself")
  void addressRoundTrip(
      @ForAll("prefixes") IpPrefix p, @ForAll long host, @ForAll("scopes") RouteScope scope) {
    IpAddress a =
        p.family() == dev.gingham.net.IpFamily.IPV4
            ? Ipv4Address.of((int) host)
            : Ipv6Address.of(host, ~host);
    InterfaceAddress x = new InterfaceAddress("eth0", a, p.length(), scope);
    NetlinkWriter w = new NetlinkWriter(1024);
    AddressCodec.write(w, 3, true, x, NAMES.indexOf("eth0"));
    assertThat(
            AddressCodec.decode(written(w), 0, w.position(), new Attributes(Rtnl.IFA_MAX), NAMES))
        .isEqualTo(x);
  }

  @Provide
  Arbitrary<RouteScope> scopes() {
    return Arbitraries.of(RouteScope.values());
  }

  @Property(tries = 1000)
  @Label("neighbour and forwarding entries encoded for RTM_NEWNEIGH decode to themselves")
  void neighbourRoundTrip(@ForAll("prefixes") IpPrefix p, @ForAll long mac, @ForAll boolean proxy) {
    IpAddress a = p.network();
    String dev = DEVICES.get((int) (mac & 3));
    MacAddress m = MacAddress.of(mac & 0xffff_ffff_ffffL);
    Neighbour n = proxy ? Neighbour.proxy(dev, a) : Neighbour.permanent(dev, a, m);
    NetlinkWriter w = new NetlinkWriter(1024);
    NeighbourCodec.write(w, 3, true, n, NAMES.indexOf(dev));
    assertThat(
            NeighbourCodec.decode(written(w), 0, w.position(), new Attributes(Rtnl.NDA_MAX), NAMES))
        .isEqualTo(n);
    FdbEntry e = new FdbEntry(dev, m, a);
    NetlinkWriter f = new NetlinkWriter(1024);
    NeighbourCodec.writeFdb(f, 4, true, e, NAMES.indexOf(dev));
    Attributes attrs = new Attributes(Rtnl.NDA_MAX);
    assertThat(
            NeighbourCodec.decodeFdb(written(f), 0, f.position(), attrs, NAMES.indexOf(dev), dev))
        .isEqualTo(e);
    assertThat(NeighbourCodec.decodeFdb(written(f), 0, f.position(), attrs, 99, "other")).isNull();
  }

  @Property(tries = 3000)
  @Label("address and neighbour messages of garbage fail only with NetlinkFormatException")
  void addressAndNeighbourGarbage(@ForAll @Size(max = 120) byte[] body, @ForAll boolean family6) {
    for (int type : new int[] {Rtnl.RTM_NEWADDR, Rtnl.RTM_NEWNEIGH}) {
      NetlinkWriter w = new NetlinkWriter(1024);
      w.begin(type, 0, 1);
      w.u8(family6 ? Rtnl.AF_INET6 : Rtnl.AF_INET);
      for (byte x : body) {
        w.u8(x);
      }
      w.end();
      try {
        if (type == Rtnl.RTM_NEWADDR) {
          AddressCodec.decode(written(w), 0, w.position(), new Attributes(Rtnl.IFA_MAX), NAMES);
        } else {
          NeighbourCodec.decode(written(w), 0, w.position(), new Attributes(Rtnl.NDA_MAX), NAMES);
          NeighbourCodec.decodeFdb(
              written(w), 0, w.position(), new Attributes(Rtnl.NDA_MAX), 2, "d0");
        }
      } catch (NetlinkFormatException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
