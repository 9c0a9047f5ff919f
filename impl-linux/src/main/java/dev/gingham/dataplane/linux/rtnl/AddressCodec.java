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
import dev.gingham.route.RouteScope;
import dev.gingham.spi.dataplane.InterfaceAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Address messages ({@code RTM_NEWADDR}, {@code RTM_DELADDR}, {@code RTM_GETADDR}) with an {@code
 * ifaddrmsg} header. A request carries the address as both {@code IFA_LOCAL} and {@code
 * IFA_ADDRESS}, as {@code ip addr add} does without a peer. Stateless.
 */
public final class AddressCodec {
  private AddressCodec() {}

  /** Adds ({@code RTM_NEWADDR}, failing if present) or deletes an address on a device. */
  public static void write(NetlinkWriter w, int seq, boolean add, InterfaceAddress a, int index) {
    int flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
    w.begin(add ? RTM_NEWADDR : RTM_DELADDR, flags, seq);
    w.u8(a.address() instanceof Ipv4Address ? AF_INET : AF_INET6)
        .u8(a.prefixLength())
        .u8(0)
        .u8(add ? a.scope().kernelValue() : 0)
        .u32(index);
    w.attrAddress(IFA_LOCAL, a.address());
    w.attrAddress(IFA_ADDRESS, a.address());
    w.end();
  }

  /** A dump of every address of both families. */
  public static void dump(NetlinkWriter w, int seq) {
    w.begin(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
    w.u8(AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
    w.end();
  }

  /**
   * Reads an address message (header included); null for a family other than IPv4 and IPv6 or an
   * unknown scope.
   *
   * @throws NetlinkFormatException if the message is malformed
   */
  public static @Nullable InterfaceAddress decode(
      ByteBuffer b, int offset, int length, Attributes a, LinkNames names) {
    NetlinkFormatException.requireLength("address", length, NetlinkWriter.HEADER + IFADDRMSG);
    int body = offset + NetlinkWriter.HEADER;
    int family = b.get(body) & 0xff;
    int prefixLength = b.get(body + 1) & 0xff;
    int scope = b.get(body + 3) & 0xff;
    int index = b.getInt(body + 4);
    if (family != AF_INET && family != AF_INET6) {
      return null;
    }
    a.parse(b, body + IFADDRMSG, offset + length);
    IpAddress address = a.has(IFA_LOCAL) ? a.address(IFA_LOCAL) : a.address(IFA_ADDRESS);
    if (address == null) {
      throw new NetlinkFormatException("address message for index " + index + " has no address");
    }
    if ((family == AF_INET) != (address instanceof Ipv4Address)) {
      throw new NetlinkFormatException(
          "address " + address + " does not match the message's family " + family);
    }
    if (prefixLength > address.bitLength()) {
      throw new NetlinkFormatException("address " + address + " has prefix length " + prefixLength);
    }
    RouteScope s;
    try {
      s = RouteScope.ofKernelValue(scope);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
    return new InterfaceAddress(RouteCodec.name(names, index), address, prefixLength, s);
  }
}
