package dev.gingham.dataplane.linux.rtnl;

import static dev.gingham.dataplane.linux.rtnl.Rtnl.*;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.NetlinkFormatException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.NextHop;
import dev.gingham.route.Route;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.KernelRoutes;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Route messages ({@code RTM_NEWROUTE}, {@code RTM_DELROUTE}, {@code RTM_GETROUTE}) with an {@code
 * rtmsg} header, for IPv4 and IPv6: type, scope, table, protocol, metric, gateway, device,
 * preferred source, MTU, on-link, and multipath next hops. An IPv6 route's metric 0 is written as
 * 1024, which is what the kernel stores for it (see {@link KernelRoutes}).
 *
 * <p>A delete names only the key, the type and the protocol (scope "nowhere" matches any), so that
 * the kernel removes the route with that key whatever its next hops, and only if it is of that
 * protocol. Encoding allocates nothing. Stateless.
 */
public final class RouteCodec {
  private static final IpAddress ANY_V4 = IpAddress.parse("0.0.0.0");
  private static final IpAddress ANY_V6 = IpAddress.parse("::");

  private RouteCodec() {}

  /** The first device of a route that {@code names} does not know, or null if all are known. */
  public static @Nullable String missingDevice(Route r, LinkNames names) {
    if (r.device() != null && names.indexOf(r.device()) == 0) {
      return r.device();
    }
    for (int i = 0; i < r.nextHops().size(); i++) {
      String d = r.nextHops().get(i).device();
      if (d != null && names.indexOf(d) == 0) {
        return d;
      }
    }
    return null;
  }

  /**
   * Writes a request that adds ({@code RTM_NEWROUTE}) or deletes ({@code RTM_DELROUTE}) a route.
   * Every device of the route must be known to {@code names} (check with {@link #missingDevice}).
   *
   * @param flags the netlink flags: {@code NLM_F_REQUEST}, and {@code NLM_F_CREATE | NLM_F_EXCL} to
   *     add, {@code NLM_F_CREATE | NLM_F_REPLACE} to replace, {@code NLM_F_ACK} to be answered
   */
  public static void write(
      NetlinkWriter w, int seq, int type, int flags, Route r, LinkNames names) {
    boolean delete = type == RTM_DELROUTE;
    IpPrefix dst = r.destination();
    boolean v4 = dst.family() == IpFamily.IPV4;
    w.begin(type, flags, seq);
    w.u8(v4 ? AF_INET : AF_INET6)
        .u8(dst.length())
        .u8(0)
        .u8(0)
        .u8(r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
        .u8(r.protocol())
        .u8(delete ? RT_SCOPE_NOWHERE : r.scope().kernelValue())
        .u8(r.type().kernelValue())
        .u32(!delete && r.onLink() ? RTNH_F_ONLINK : 0);
    w.attrU32(RTA_TABLE, r.table());
    if (dst.length() > 0) {
      w.attrAddress(RTA_DST, dst.network());
    }
    int metric = KernelRoutes.metric(r);
    if (metric != 0) {
      w.attrU32(RTA_PRIORITY, metric);
    }
    if (delete) {
      w.end();
      return;
    }
    if (r.gateway() != null) {
      w.attrAddress(RTA_GATEWAY, r.gateway());
    }
    if (r.device() != null) {
      w.attrU32(RTA_OIF, names.indexOf(r.device()));
    }
    if (r.source() != null) {
      w.attrAddress(RTA_PREFSRC, r.source());
    }
    if (r.mtu() != 0) {
      int metrics = w.open(RTA_METRICS);
      w.attrU32(RTAX_MTU, r.mtu());
      w.endNest(metrics);
    }
    if (!r.nextHops().isEmpty()) {
      int mp = w.open(RTA_MULTIPATH);
      for (int i = 0; i < r.nextHops().size(); i++) {
        NextHop h = r.nextHops().get(i);
        int at = w.position();
        w.u16(0)
            .u8(h.onLink() ? RTNH_F_ONLINK : 0)
            .u8(h.weight() - 1)
            .u32(h.device() != null ? names.indexOf(h.device()) : 0);
        if (h.gateway() != null) {
          w.attrAddress(RTA_GATEWAY, h.gateway());
        }
        w.buffer().putShort(at, (short) (w.position() - at));
      }
      w.endNest(mp);
    }
    w.end();
  }

  /**
   * A dump of one family's routes, filtered by the kernel (strict checking) by table and protocol
   * when they are given.
   *
   * @param table the table, or 0 for all
   * @param protocol the protocol, or 0 for all
   */
  public static void dump(NetlinkWriter w, int seq, IpFamily family, int table, int protocol) {
    w.begin(
        RTM_GETROUTE,
        dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REQUEST
            | dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_DUMP,
        seq);
    w.u8(family == IpFamily.IPV4 ? AF_INET : AF_INET6)
        .u8(0)
        .u8(0)
        .u8(0)
        .u8(table > 0 && table < 256 ? table : RT_TABLE_UNSPEC)
        .u8(protocol)
        .u8(0)
        .u8(0)
        .u32(0);
    if (table >= 256) {
      w.attrU32(RTA_TABLE, table);
    }
    w.end();
  }

  /**
   * Reads a route message (header included). Returns null for what Gingham's {@link Route} does not
   * model: other families, cached clones, next hops via another family, unknown types or scopes. A
   * rejecting route's device (the kernel reports IPv6 ones on {@code lo}) is left out.
   *
   * @param a a table for {@link Rtnl#RTA_MAX}
   * @param nested a table for the attributes of metrics and next hops
   * @throws NetlinkFormatException if the message is malformed
   */
  public static @Nullable Route decode(
      ByteBuffer b, int offset, int length, Attributes a, Attributes nested, LinkNames names) {
    NetlinkFormatException.requireLength("route", length, NetlinkWriter.HEADER + RTMSG);
    int body = offset + NetlinkWriter.HEADER;
    int family = b.get(body) & 0xff;
    int dstLen = b.get(body + 1) & 0xff;
    int table = b.get(body + 4) & 0xff;
    int protocol = b.get(body + 5) & 0xff;
    int scope = b.get(body + 6) & 0xff;
    int type = b.get(body + 7) & 0xff;
    int flags = b.getInt(body + 8);
    if ((family != AF_INET && family != AF_INET6) || (flags & RTM_F_CLONED) != 0) {
      return null;
    }
    int width = family == AF_INET ? 32 : 128;
    if (dstLen > width) {
      throw new NetlinkFormatException("route prefix length " + dstLen + " exceeds " + width);
    }
    a.parse(b, body + RTMSG, offset + length);
    if (a.has(RTA_VIA)) {
      return null;
    }
    RouteType routeType;
    RouteScope routeScope;
    try {
      routeType = RouteType.ofKernelValue(type);
      routeScope = RouteScope.ofKernelValue(scope);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
    IpAddress zero = family == AF_INET ? ANY_V4 : ANY_V6;
    IpAddress network = a.has(RTA_DST) ? address(a, RTA_DST, width) : zero;
    IpPrefix dst;
    try {
      dst = IpPrefix.of(network, dstLen);
    } catch (IllegalArgumentException hostBits) {
      throw new NetlinkFormatException(
          "route destination " + network + "/" + dstLen + " has host bits");
    }
    Route.Builder r =
        Route.builder(dst)
            .type(routeType)
            .scope(routeScope)
            .protocol(protocol)
            .table(a.u32(RTA_TABLE, table))
            .metric(a.u32(RTA_PRIORITY, 0));
    if (table == RT_TABLE_UNSPEC && !a.has(RTA_TABLE)) {
      throw new NetlinkFormatException("route to " + dst + " names no table");
    }
    if (!routeType.rejects()) {
      if (a.has(RTA_GATEWAY)) {
        r.gateway(address(a, RTA_GATEWAY, width));
      }
      if (a.has(RTA_OIF)) {
        r.device(name(names, a.u32(RTA_OIF, 0)));
      }
      r.onLink((flags & RTNH_F_ONLINK) != 0 && a.has(RTA_GATEWAY) && a.has(RTA_OIF));
    }
    if (a.has(RTA_PREFSRC)) {
      r.source(address(a, RTA_PREFSRC, width));
    }
    if (a.has(RTA_METRICS)) {
      int at = a.offset(RTA_METRICS);
      nested.parse(b, at, at + a.length(RTA_METRICS));
      r.mtu(nested.u32(RTAX_MTU, 0));
    }
    if (a.has(RTA_MULTIPATH) && !routeType.rejects()) {
      if (!multipath(
          b, a.offset(RTA_MULTIPATH), a.length(RTA_MULTIPATH), width, nested, names, r)) {
        return null;
      }
    }
    try {
      return r.build();
    } catch (IllegalArgumentException notModelled) {
      return null;
    }
  }

  private static boolean multipath(
      ByteBuffer b,
      int at,
      int length,
      int width,
      Attributes nested,
      LinkNames names,
      Route.Builder r) {
    int end = at + length;
    while (end - at >= RTNEXTHOP) {
      int len = b.getShort(at) & 0xffff;
      int hopFlags = b.get(at + 2) & 0xff;
      int hops = b.get(at + 3) & 0xff;
      int ifindex = b.getInt(at + 4);
      if (len < RTNEXTHOP || len > end - at) {
        throw new NetlinkFormatException(
            "next hop at " + at + " has length " + len + ", limit " + (end - at));
      }
      nested.parse(b, at + RTNEXTHOP, at + len);
      if (nested.has(RTA_VIA)) {
        return false;
      }
      IpAddress gw = nested.has(RTA_GATEWAY) ? address(nested, RTA_GATEWAY, width) : null;
      String dev = ifindex != 0 ? name(names, ifindex) : null;
      if (gw == null && dev == null) {
        throw new NetlinkFormatException("next hop at " + at + " has neither gateway nor device");
      }
      r.nextHop(new NextHop(gw, dev, hops + 1, (hopFlags & RTNH_F_ONLINK) != 0 && dev != null));
      at += (len + 3) & ~3;
    }
    return true;
  }

  private static IpAddress address(Attributes a, int type, int width) {
    IpAddress x = a.address(type);
    if (x == null || x.bitLength() != width) {
      throw new NetlinkFormatException(
          "route attribute "
              + type
              + " is an address of "
              + a.length(type)
              + " bytes, expected "
              + width / 8);
    }
    return x;
  }

  /** A device's name; a device gone since the listing is named by its index. */
  static String name(LinkNames names, int index) {
    String n = names.nameOf(index);
    return n != null ? n : "if" + index;
  }
}
