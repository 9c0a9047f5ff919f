package dev.gingham.dataplane.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * A netlink socket ({@code socket(AF_NETLINK, SOCK_RAW, protocol)}) bound to the kernel, with
 * {@code sendmsg} and {@code recvmsg} over direct buffers, so that a message goes from the buffer
 * to the kernel without a copy in Java and without an allocation per call.
 *
 * <p>A socket belongs to the network namespace of the thread that opened it, for its whole life,
 * and may then be used from any thread: that is how the dataplane reaches a namespace without
 * moving a caller's thread into it (see {@code NamespaceWorker}).
 *
 * <p>Not thread-safe: a {@link NetlinkChannel} serialises the requests on a socket; a
 * subscription's socket is read by one thread.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** {@code NETLINK_ROUTE}: links, addresses, routes, neighbours. */
  public static final int NETLINK_ROUTE = 0;

  /** {@code NETLINK_NETFILTER}: nf_tables. */
  public static final int NETLINK_NETFILTER = 12;

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_SNDBUFFORCE = 32;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int SO_RCVTIMEO = 20;
  private static final int SOL_NETLINK = 270;
  private static final int MSG_TRUNC = 0x20;

  /** Netlink socket options ({@code SOL_NETLINK}). */
  public static final int NETLINK_CAP_ACK = 10;

  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  // struct msghdr on LP64: name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40,
  // flags 48; struct iovec: base 0, len 8; struct sockaddr_nl: family u16, pad, pid u32, groups
  // u32.
  private static final int MSGHDR = 56;
  private static final int IOVEC = 16;
  private static final int SOCKADDR_NL = 12;

  private final LibC libc = LibC.get();
  private final int protocol;
  private int fd;
  private final int portId;
  private final ByteBuffer sendHeader;
  private final ByteBuffer receiveHeader;
  private final ByteBuffer option = direct(16);
  private @Nullable ByteBuffer sendBuffer;
  private long sendAddress;
  private @Nullable ByteBuffer receiveBuffer;
  private long receiveAddress;

  private NetlinkSocket(int fd, int protocol, int portId) {
    this.fd = fd;
    this.protocol = protocol;
    this.portId = portId;
    this.sendHeader = header();
    this.receiveHeader = header();
  }

  /**
   * Opens a socket in the network namespace of the calling thread, bound to the given multicast
   * groups (a bit mask of {@code RTMGRP_*}; 0 for a socket that only makes requests).
   *
   * @throws NetlinkException naming the failed call and its errno
   */
  public static NetlinkSocket open(int protocol, int groups) {
    if (!LibC.is64Bit()) {
      throw new UnsupportedOperationException("the netlink client supports 64-bit Linux only");
    }
    LibC c = LibC.get();
    int fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw new NetlinkException("socket(AF_NETLINK, " + protocol + ")", LibC.errno(), null);
    }
    try {
      ByteBuffer address = direct(SOCKADDR_NL);
      address.putShort(0, (short) AF_NETLINK).putInt(8, groups);
      if (c.bind(fd, address, SOCKADDR_NL) != 0) {
        throw new NetlinkException("bind(netlink, groups " + groups + ")", LibC.errno(), null);
      }
      ByteBuffer length = direct(4).putInt(0, SOCKADDR_NL);
      if (c.getsockname(fd, address, length) != 0) {
        throw new NetlinkException("getsockname(netlink)", LibC.errno(), null);
      }
      return new NetlinkSocket(fd, protocol, address.getInt(4));
    } catch (RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  private static ByteBuffer direct(int size) {
    return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
  }

  /** A msghdr with one iovec, addressed to the kernel (port 0). */
  private static ByteBuffer header() {
    ByteBuffer h = direct(MSGHDR + IOVEC + SOCKADDR_NL);
    long base = LibC.address(h);
    h.putShort(MSGHDR + IOVEC, (short) AF_NETLINK);
    h.putLong(0, base + MSGHDR + IOVEC).putInt(8, SOCKADDR_NL);
    h.putLong(16, base + MSGHDR).putLong(24, 1);
    return h;
  }

  /** The netlink protocol. */
  public int protocol() {
    return protocol;
  }

  /** The port id the kernel gave this socket. */
  public int portId() {
    return portId;
  }

  /** Sets an integer {@code SOL_NETLINK} option, such as {@link #NETLINK_EXT_ACK}. */
  public void setNetlinkOption(int name, int value) {
    setInt(SOL_NETLINK, name, value, "netlink option " + name);
  }

  /**
   * Sets the socket's send and receive buffers, past the system's limits (as root may), so that a
   * batch of answers or a burst of notifications fits.
   */
  public void setBuffers(int send, int receive) {
    setInt(SOL_SOCKET, SO_SNDBUFFORCE, send, "SO_SNDBUFFORCE");
    setInt(SOL_SOCKET, SO_RCVBUFFORCE, receive, "SO_RCVBUFFORCE");
  }

  /** Makes {@link #receive} give up after this long, so that a lost answer cannot hang. */
  public void setReceiveTimeout(long millis) {
    option.putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000);
    if (libc.setsockopt(requireOpen(), SOL_SOCKET, SO_RCVTIMEO, option, 16) != 0) {
      throw new NetlinkException("setsockopt(SO_RCVTIMEO)", LibC.errno(), null);
    }
  }

  private void setInt(int level, int name, int value, String what) {
    option.putInt(0, value);
    if (libc.setsockopt(requireOpen(), level, name, option, 4) != 0) {
      throw new NetlinkException("setsockopt(" + what + ")", LibC.errno(), null);
    }
  }

  /**
   * Sends the bytes of a direct buffer from 0 to its position, in one {@code sendmsg}: the kernel
   * processes every message in it before the call returns.
   *
   * @throws NetlinkException if the kernel refuses the send
   */
  public void send(ByteBuffer direct, int length) {
    if (direct != sendBuffer) {
      sendBuffer = direct;
      sendAddress = LibC.address(direct);
    }
    sendHeader.putLong(MSGHDR, sendAddress).putLong(MSGHDR + 8, length);
    long sent = libc.sendmsg(requireOpen(), sendHeader, 0);
    if (sent != length) {
      throw new NetlinkException(
          "sendmsg(" + length + " bytes)", sent < 0 ? LibC.errno() : 0, null);
    }
  }

  /**
   * Receives one datagram into a direct buffer, from 0.
   *
   * @return the number of bytes received
   * @throws NetlinkException with errno EAGAIN when the receive timeout passed, ENOBUFS when the
   *     kernel dropped messages for lack of buffer space, or any other error of recvmsg; also when
   *     the datagram did not fit the buffer
   */
  public int receive(ByteBuffer direct) {
    if (direct != receiveBuffer) {
      receiveBuffer = direct;
      receiveAddress = LibC.address(direct);
    }
    receiveHeader
        .putLong(MSGHDR, receiveAddress)
        .putLong(MSGHDR + 8, direct.capacity())
        .putInt(48, 0);
    long n = libc.recvmsg(requireOpen(), receiveHeader, 0);
    if (n < 0) {
      throw new NetlinkException("recvmsg", LibC.errno(), null);
    }
    if ((receiveHeader.getInt(48) & MSG_TRUNC) != 0) {
      throw new NetlinkException(
          "recvmsg: a datagram was longer than the " + direct.capacity() + "-byte buffer",
          Errno.ENOBUFS,
          null);
    }
    return (int) n;
  }

  private int requireOpen() {
    if (fd < 0) {
      throw new IllegalStateException("netlink socket is closed");
    }
    return fd;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return fd < 0;
  }

  /** Closes the socket. Idempotent. */
  @Override
  public void close() {
    if (fd >= 0) {
      libc.close(fd);
      fd = -1;
    }
  }
}
