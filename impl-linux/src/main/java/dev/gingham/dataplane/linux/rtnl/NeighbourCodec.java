package dev.gingham.dataplane.linux.rtnl;

import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_ACK;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_CREATE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_DUMP;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REPLACE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REQUEST;
import static dev.gingham.dataplane.linux.rtnl.Rtnl.*;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.NetlinkFormatException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.Neighbour;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Neighbour messages ({@code RTM_NEWNEIGH}, {@code RTM_DELNEIGH}, {@code RTM_GETNEIGH}) with an
 * {@code ndmsg} header: permanent ARP/NDP entries, proxy entries ({@code NTF_PROXY}), and a VXLAN
 * device's forwarding entries (family {@code AF_BRIDGE}, {@code NTF_SELF}), as {@code ip neigh} and
 * {@code bridge fdb} write them. Stateless.
 */
public final class NeighbourCodec {
  private NeighbourCodec() {}

  private static void ndmsg(NetlinkWriter w, int family, int index, int state, int flags) {
    w.u8(family).u8(0).u16(0).u32(index).u16(state).u8(flags).u8(0);
  }

  private static int family(IpAddress a) {
    return a instanceof Ipv4Address ? AF_INET : AF_INET6;
  }

  /** Adds or replaces ({@code replace}), or deletes, a neighbour entry on a device. */
  public static void write(NetlinkWriter w, int seq, boolean replace, Neighbour n, int index) {
    int flags = NLM_F_REQUEST | NLM_F_ACK | (replace ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    w.begin(replace ? RTM_NEWNEIGH : RTM_DELNEIGH, flags, seq);
    ndmsg(w, family(n.address()), index, replace ? NUD_PERMANENT : 0, n.proxy() ? NTF_PROXY : 0);
    w.attrAddress(NDA_DST, n.address());
    if (replace && n.mac() != null) {
      w.attrMac(NDA_LLADDR, n.mac());
    }
    w.end();
  }

  /**
   * A dump of the ordinary entries, or with {@code proxy} of the proxy entries, of both families.
   */
  public static void dump(NetlinkWriter w, int seq, boolean proxy) {
    w.begin(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq);
    ndmsg(w, AF_UNSPEC, 0, 0, proxy ? NTF_PROXY : 0);
    w.end();
  }

  /**
   * Reads a neighbour message (header included): a proxy entry, or a permanent one with a hardware
   * address. Null for anything else (learned entries, other families, entries on no device).
   *
   * @throws NetlinkFormatException if the message is malformed
   */
  public static @Nullable Neighbour decode(
      ByteBuffer b, int offset, int length, Attributes a, LinkNames names) {
    NetlinkFormatException.requireLength("neighbour", length, NetlinkWriter.HEADER + NDMSG);
    int body = offset + NetlinkWriter.HEADER;
    int family = b.get(body) & 0xff;
    int index = b.getInt(body + 4);
    int state = b.getShort(body + 8) & 0xffff;
    int flags = b.get(body + 10) & 0xff;
    if ((family != AF_INET && family != AF_INET6) || index == 0) {
      return null;
    }
    a.parse(b, body + NDMSG, offset + length);
    IpAddress dst = a.address(NDA_DST);
    if (dst == null || (family == AF_INET) != (dst instanceof Ipv4Address)) {
      throw new NetlinkFormatException(
          "neighbour message for index " + index + " has no address of its family");
    }
    String device = RouteCodec.name(names, index);
    if ((flags & NTF_PROXY) != 0) {
      return Neighbour.proxy(device, dst);
    }
    MacAddress mac = a.mac(NDA_LLADDR);
    if ((state & NUD_PERMANENT) == 0 || mac == null) {
      return null;
    }
    return Neighbour.permanent(device, dst, mac);
  }

  /** Adds or replaces ({@code replace}), or deletes, a VXLAN device's forwarding entry. */
  public static void writeFdb(NetlinkWriter w, int seq, boolean replace, FdbEntry e, int index) {
    int flags = NLM_F_REQUEST | NLM_F_ACK | (replace ? NLM_F_CREATE | NLM_F_REPLACE : 0);
    w.begin(replace ? RTM_NEWNEIGH : RTM_DELNEIGH, flags, seq);
    ndmsg(w, AF_BRIDGE, index, replace ? NUD_PERMANENT | NUD_NOARP : 0, NTF_SELF);
    w.attrMac(NDA_LLADDR, e.mac());
    w.attrAddress(NDA_DST, e.destination());
    w.end();
  }

  /** A dump of the forwarding entries of one device. */
  public static void dumpFdb(NetlinkWriter w, int seq, int index) {
    w.begin(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq);
    ndmsg(w, AF_BRIDGE, index, 0, 0);
    w.end();
  }

  /**
   * Reads a forwarding message (header included) of the device {@code index}; null for another
   * device's, or one without a remote address.
   *
   * @throws NetlinkFormatException if the message is malformed
   */
  public static @Nullable FdbEntry decodeFdb(
      ByteBuffer b, int offset, int length, Attributes a, int index, String device) {
    NetlinkFormatException.requireLength("forwarding", length, NetlinkWriter.HEADER + NDMSG);
    int body = offset + NetlinkWriter.HEADER;
    if ((b.get(body) & 0xff) != AF_BRIDGE || b.getInt(body + 4) != index) {
      return null;
    }
    a.parse(b, body + NDMSG, offset + length);
    MacAddress mac = a.mac(NDA_LLADDR);
    IpAddress dst = a.address(NDA_DST);
    if (mac == null || dst == null) {
      return null;
    }
    return new FdbEntry(device, mac, dst);
  }
}
