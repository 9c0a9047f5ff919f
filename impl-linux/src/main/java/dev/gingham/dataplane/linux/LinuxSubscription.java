package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netlink.NetlinkFormatException;
import dev.gingham.dataplane.linux.netlink.NetlinkSocket;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.AddressCodec;
import dev.gingham.dataplane.linux.rtnl.LinkCodec;
import dev.gingham.dataplane.linux.rtnl.LinkNames;
import dev.gingham.dataplane.linux.rtnl.RouteCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneListener;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Subscription;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace's changes, from a netlink socket bound to the multicast groups of its topics (and to
 * the link group, which keeps the index-to-name table that addresses and routes need). One thread
 * per subscription reads the socket and calls the listener; it wakes every {@value #POLL_MILLIS} ms
 * to notice a close. Lost notifications ({@code ENOBUFS}) become an {@link
 * DataplaneEvent.Overflow}, after which the table of names is read again.
 */
final class LinuxSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxSubscription.class);
  static final long POLL_MILLIS = 100;

  private final NetnsHandle ns;
  private final Set<DataplaneEvent.Topic> topics;
  private final DataplaneListener listener;
  private final NetlinkSocket socket;
  private final ReentrantLock delivering = new ReentrantLock();
  private Rtnetlink.LinkTable names = new Rtnetlink.LinkTable();
  private final Attributes a = new Attributes(Rtnl.RTA_MAX + Rtnl.IFLA_MAX);
  private final Attributes nested = new Attributes(Rtnl.RTAX_MAX + Rtnl.IFLA_INFO_DATA);
  private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
  private final Thread thread;
  private final Runnable onClose;
  private volatile boolean closed;

  private final LinkNames resolver =
      new LinkNames() {
        @Override
        public int indexOf(String name) {
          return 0;
        }

        @Override
        public @Nullable String nameOf(int index) {
          String n = names.nameOf(index);
          if (n == null) {
            reloadNames(); // a device this thread has not heard of yet
            n = names.nameOf(index);
          }
          return n;
        }
      };

  LinuxSubscription(
      NetnsHandle ns,
      Set<DataplaneEvent.Topic> topics,
      DataplaneListener listener,
      Runnable onClose) {
    this.ns = ns;
    this.topics = Set.copyOf(topics);
    this.listener = listener;
    this.onClose = onClose;
    int groups = Rtnl.RTMGRP_LINK;
    if (topics.contains(DataplaneEvent.Topic.ADDRESSES)) {
      groups |= Rtnl.RTMGRP_IPV4_IFADDR | Rtnl.RTMGRP_IPV6_IFADDR;
    }
    if (topics.contains(DataplaneEvent.Topic.ROUTES)) {
      groups |= Rtnl.RTMGRP_IPV4_ROUTE | Rtnl.RTMGRP_IPV6_ROUTE;
    }
    this.socket = ns.openSocket(NetlinkSocket.NETLINK_ROUTE, groups);
    try {
      socket.setBuffers(1 << 20, 8 << 20);
    } catch (NetlinkException e) {
      // The system's limits apply; overflow is reported if they are too small.
    }
    socket.setReceiveTimeout(POLL_MILLIS);
    reloadNames();
    this.thread = new Thread(this::run, "gingham-netlink-events " + ns.name());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Reads every device's name, after the socket is bound so that no change is missed between. */
  private void reloadNames() {
    names = Rtnetlink.links(ns);
  }

  private void run() {
    try {
      while (!closed) {
        int n;
        try {
          n = socket.receive(in);
        } catch (NetlinkException e) {
          if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
            continue;
          }
          if (e.errno() == Errno.ENOBUFS) {
            deliver(new DataplaneEvent.Overflow());
            reloadNames();
            continue;
          }
          throw e;
        }
        in.limit(n);
        int at = 0;
        while (n - at >= NetlinkWriter.HEADER && !closed) {
          int len = in.getInt(at);
          if (len < NetlinkWriter.HEADER || len > n - at) {
            break;
          }
          DataplaneEvent e = null;
          try {
            e = decode(in.getShort(at + 4) & 0xffff, at, len);
          } catch (NetlinkFormatException bad) {
            LOG.debug("skipping a malformed notification in {}: {}", ns.name(), bad.getMessage());
          }
          if (e != null) {
            deliver(e);
          }
          at += (len + 3) & ~3;
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("subscription to {} ended: {}", ns.name(), e.toString());
      }
    } finally {
      closed = true;
      socket.close();
      onClose.run();
    }
  }

  private @Nullable DataplaneEvent decode(int type, int at, int len) {
    switch (type) {
      case Rtnl.RTM_NEWLINK:
      case Rtnl.RTM_DELLINK:
        {
          Link l = LinkCodec.decode(in, at, len, a, nested);
          // A removed device keeps its name here: routes and addresses through it may follow.
          names.put(l.index(), l.name());
          return topics.contains(DataplaneEvent.Topic.LINKS)
              ? new DataplaneEvent.LinkChanged(l, type == Rtnl.RTM_DELLINK)
              : null;
        }
      case Rtnl.RTM_NEWADDR:
      case Rtnl.RTM_DELADDR:
        {
          InterfaceAddress x = AddressCodec.decode(in, at, len, a, resolver);
          return x == null ? null : new DataplaneEvent.AddressChanged(x, type == Rtnl.RTM_DELADDR);
        }
      case Rtnl.RTM_NEWROUTE:
      case Rtnl.RTM_DELROUTE:
        {
          Route r = RouteCodec.decode(in, at, len, a, nested, resolver);
          return r == null ? null : new DataplaneEvent.RouteChanged(r, type == Rtnl.RTM_DELROUTE);
        }
      default:
        return null;
    }
  }

  private void deliver(DataplaneEvent e) {
    delivering.lock();
    try {
      if (!closed) {
        listener.onEvent(e);
      }
    } finally {
      delivering.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    // Wait for a delivery under way (unless the listener itself closes), so none follows.
    delivering.lock();
    delivering.unlock();
  }
}
