package dev.gingham.dataplane.linux.rtnl;

import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_ACK;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_CREATE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_DUMP;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_EXCL;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REQUEST;
import static dev.gingham.dataplane.linux.rtnl.Rtnl.*;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.NetlinkFormatException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.IpipSpec;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Link messages ({@code RTM_NEWLINK}, {@code RTM_DELLINK}, {@code RTM_GETLINK}) with an {@code
 * ifinfomsg} header. A device is chosen by index when one is given, else by {@code IFLA_IFNAME}.
 * Nested attributes are written without the nested flag, as iproute2 writes them, so that the IPIP
 * request matches {@code ip link add} byte for byte. Stateless.
 */
public final class LinkCodec {
  private LinkCodec() {}

  private static final int CREATE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

  private static void ifinfomsg(NetlinkWriter w, int index, int flags, int change) {
    w.u8(AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
  }

  /** A new device's header, name, MTU (unless 0) and hardware address (unless null). */
  private static void device(NetlinkWriter w, String name, int mtu, @Nullable MacAddress mac) {
    ifinfomsg(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, name);
    if (mtu != 0) {
      w.attrU32(IFLA_MTU, mtu);
    }
    if (mac != null) {
      w.attrMac(IFLA_ADDRESS, mac);
    }
  }

  /** A dump of every device, without statistics. */
  public static void dump(NetlinkWriter w, int seq) {
    w.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
    ifinfomsg(w, 0, 0, 0);
    w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    w.end();
  }

  /** A request for one device, by name, answered by one link message and an acknowledgement. */
  public static void get(NetlinkWriter w, int seq, String name) {
    w.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfomsg(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, name);
    w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    w.end();
  }

  /**
   * Creates a veth pair; the peer goes into the namespace behind {@code peerNamespaceFd}, or stays
   * here for -1.
   */
  public static void createVeth(NetlinkWriter w, int seq, VethSpec spec, int peerNamespaceFd) {
    w.begin(RTM_NEWLINK, CREATE, seq);
    device(w, spec.name(), spec.mtu(), spec.mac());
    int info = w.open(IFLA_LINKINFO);
    w.attrChars(IFLA_INFO_KIND, "veth");
    int data = w.open(IFLA_INFO_DATA);
    int peer = w.open(VETH_INFO_PEER);
    device(w, spec.peerName(), spec.mtu(), spec.peerMac());
    if (peerNamespaceFd >= 0) {
      w.attrU32(IFLA_NET_NS_FD, peerNamespaceFd);
    }
    w.endNest(peer);
    w.endNest(data);
    w.endNest(info);
    w.end();
  }

  /**
   * Creates a VXLAN device as Calico's {@code vxlan.calico}: learning off.
   *
   * @param parentIndex the underlay device's index, or 0
   */
  public static void createVxlan(NetlinkWriter w, int seq, VxlanSpec spec, int parentIndex) {
    w.begin(RTM_NEWLINK, CREATE, seq);
    device(w, spec.name(), spec.mtu(), spec.mac());
    int info = w.open(IFLA_LINKINFO);
    w.attrChars(IFLA_INFO_KIND, "vxlan");
    int data = w.open(IFLA_INFO_DATA);
    w.attrU32(IFLA_VXLAN_ID, spec.vni());
    if (parentIndex != 0) {
      w.attrU32(IFLA_VXLAN_LINK, parentIndex);
    }
    IpAddress local = spec.local();
    w.attrAddress(local instanceof Ipv4Address ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, local);
    w.attrU8(IFLA_VXLAN_LEARNING, 0);
    w.attrU16Be(IFLA_VXLAN_PORT, spec.port());
    w.endNest(data);
    w.endNest(info);
    w.end();
  }

  /**
   * Creates an IPIP device with the request {@code ip link add NAME [mtu M] type ipip [local L]
   * [remote R]} sends: the kind alone for a {@code tunl0}-style device without addresses, else the
   * tunnel parameters iproute2 writes, in its order.
   */
  public static void createIpip(NetlinkWriter w, int seq, IpipSpec spec) {
    w.begin(RTM_NEWLINK, CREATE, seq);
    ifinfomsg(w, 0, 0, 0);
    if (spec.mtu() != 0) {
      w.attrU32(IFLA_MTU, spec.mtu());
    }
    w.attrString(IFLA_IFNAME, spec.name());
    int info = w.open(IFLA_LINKINFO);
    w.attrChars(IFLA_INFO_KIND, "ipip");
    if (spec.local() != null || spec.remote() != null) {
      int data = w.open(IFLA_INFO_DATA);
      w.attrU8(IFLA_IPTUN_PROTO, 0);
      if (spec.local() != null) {
        w.attrAddress(IFLA_IPTUN_LOCAL, spec.local());
      }
      if (spec.remote() != null) {
        w.attrAddress(IFLA_IPTUN_REMOTE, spec.remote());
      }
      w.attrU8(IFLA_IPTUN_PMTUDISC, 1);
      w.attrU8(IFLA_IPTUN_TOS, 0);
      w.attrU8(IFLA_IPTUN_TTL, 0);
      w.attrU32(IFLA_IPTUN_LINK, 0);
      w.attrU32(IFLA_IPTUN_FWMARK, 0);
      w.attrU16(IFLA_IPTUN_ENCAP_TYPE, 0);
      w.attrU16(IFLA_IPTUN_ENCAP_FLAGS, 0);
      w.attrU16Be(IFLA_IPTUN_ENCAP_SPORT, 0);
      w.attrU16Be(IFLA_IPTUN_ENCAP_DPORT, 0);
      w.endNest(data);
    }
    w.endNest(info);
    w.end();
  }

  private static void change(NetlinkWriter w, int seq, int index, String name, int fl, int ch) {
    w.begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfomsg(w, index, fl, ch);
    if (index == 0) {
      w.attrString(IFLA_IFNAME, name);
    }
  }

  /** Sets a device up or down. */
  public static void setUp(NetlinkWriter w, int seq, int index, String name, boolean up) {
    change(w, seq, index, name, up ? IFF_UP : 0, IFF_UP);
    w.end();
  }

  /** Sets a device's MTU. */
  public static void setMtu(NetlinkWriter w, int seq, String name, int mtu) {
    change(w, seq, 0, name, 0, 0);
    w.attrU32(IFLA_MTU, mtu);
    w.end();
  }

  /** Sets a device's hardware address. */
  public static void setMac(NetlinkWriter w, int seq, String name, MacAddress mac) {
    change(w, seq, 0, name, 0, 0);
    w.attrMac(IFLA_ADDRESS, mac);
    w.end();
  }

  /** Renames the device with this index. */
  public static void rename(NetlinkWriter w, int seq, int index, String newName) {
    change(w, seq, index, "", 0, 0);
    w.attrString(IFLA_IFNAME, newName);
    w.end();
  }

  /** Moves a device into the namespace behind a descriptor. */
  public static void moveTo(NetlinkWriter w, int seq, String name, int namespaceFd) {
    change(w, seq, 0, name, 0, 0);
    w.attrU32(IFLA_NET_NS_FD, namespaceFd);
    w.end();
  }

  /** Deletes a device by name. */
  public static void delete(NetlinkWriter w, int seq, String name) {
    w.begin(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfomsg(w, 0, 0, 0);
    w.attrString(IFLA_IFNAME, name);
    w.end();
  }

  /**
   * Reads a link message (header included) into a {@link Link}: the hardware address only for
   * Ethernet-like devices, the kind from {@code IFLA_LINKINFO}.
   *
   * @throws NetlinkFormatException if the message is malformed or has no name
   */
  public static Link decode(ByteBuffer b, int offset, int length, Attributes a, Attributes info) {
    int body = offset + NetlinkWriter.HEADER;
    NetlinkFormatException.requireLength("link", length, NetlinkWriter.HEADER + IFINFOMSG);
    int type = b.getShort(body + 2) & 0xffff;
    int index = b.getInt(body + 4);
    int flags = b.getInt(body + 8);
    a.parse(b, body + IFINFOMSG, offset + length);
    String name = a.string(IFLA_IFNAME);
    if (name == null || name.isEmpty()) {
      throw new NetlinkFormatException("link message for index " + index + " has no name");
    }
    String kind = "";
    if (a.has(IFLA_LINKINFO)) {
      int at = a.offset(IFLA_LINKINFO);
      info.parse(b, at, at + a.length(IFLA_LINKINFO));
      String k = info.string(IFLA_INFO_KIND);
      kind = k != null ? k : "";
    }
    MacAddress mac = type == ARPHRD_ETHER ? a.mac(IFLA_ADDRESS) : null;
    return new Link(
        index,
        name,
        kind,
        mac,
        a.u32(IFLA_MTU, 0),
        (flags & IFF_UP) != 0,
        (flags & IFF_LOWER_UP) != 0,
        a.u32(IFLA_MASTER, 0));
  }

  /** The index in a link message, without decoding the rest. */
  public static int index(ByteBuffer b, int offset) {
    return b.getInt(offset + NetlinkWriter.HEADER + 4);
  }

  /** The name in a link message, or null. */
  public static @Nullable String name(ByteBuffer b, int offset, int length, Attributes a) {
    if (length < NetlinkWriter.HEADER + IFINFOMSG) {
      return null;
    }
    a.parse(b, offset + NetlinkWriter.HEADER + IFINFOMSG, offset + length);
    return a.string(IFLA_IFNAME);
  }
}
