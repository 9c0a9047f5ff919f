package dev.gingham.dataplane.linux;

import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_ACK;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_CREATE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_EXCL;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REPLACE;
import static dev.gingham.dataplane.linux.netlink.NetlinkChannel.NLM_F_REQUEST;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.LinkNames;
import dev.gingham.dataplane.linux.rtnl.RouteCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.net.IpFamily;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteChange;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.Routes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Routes over rtnetlink. A listing dumps each family with the kernel filtering by table and
 * protocol. A batch writes up to {@value #MESSAGES_PER_SEND} requests per {@code sendmsg}, only the
 * last of which asks for an acknowledgement: the kernel answers the others only when they fail, so
 * a batch that succeeds costs one answer per system call.
 */
final class LinuxRoutes implements Routes {
  /** Requests per system call: their answers, all errors at worst, must fit the receive buffer. */
  static final int MESSAGES_PER_SEND = 1024;

  /** Room kept free in the send buffer for one more request, multipath included. */
  private static final int MESSAGE_ROOM = 4096;

  /** Table, then destination, then metric: the order of {@code RouteKey}, without making keys. */
  private static final Comparator<Route> ORDER =
      Comparator.comparingInt(Route::table)
          .thenComparing(Route::destination)
          .thenComparingInt(Route::metric);

  private final LinuxDataplane dp;

  LinuxRoutes(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Route> list(NetworkNamespace ns, RouteFilter filter) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.LinkTable names = Rtnetlink.links(h);
    Attributes a = new Attributes(Rtnl.RTA_MAX);
    Attributes nested = new Attributes(Rtnl.RTAX_MAX);
    int table = filter.table().orElse(0);
    int protocol = filter.protocol().orElse(0);
    List<Route> out = new ArrayList<>();
    for (IpFamily family : IpFamily.values()) {
      if (filter.family() != null && filter.family() != family) {
        continue;
      }
      try {
        out.addAll(
            Rtnetlink.dump(
                h,
                "routes of " + h.name(),
                (w, seq) -> RouteCodec.dump(w, seq, family, table, protocol),
                (b, offset, length, type) -> {
                  if (type != Rtnl.RTM_NEWROUTE) {
                    return null;
                  }
                  Route r = RouteCodec.decode(b, offset, length, a, nested, names);
                  return r != null && filter.test(r) ? r : null;
                }));
      } catch (DataplaneException e) {
        // An IPv4 dump of a table that does not exist fails; it holds no routes.
        if (!(table != 0 && "ENOENT".equals(e.errno()))) {
          throw e;
        }
      }
    }
    out.sort(ORDER);
    return out;
  }

  private static String describe(Route r, NetnsHandle h) {
    return "route " + r + " in " + h.name();
  }

  @Override
  public void add(NetworkNamespace ns, Route route) {
    single(dp.handle(ns), route, NLM_F_CREATE | NLM_F_EXCL);
  }

  @Override
  public void replace(NetworkNamespace ns, Route route) {
    single(dp.handle(ns), route, NLM_F_CREATE | NLM_F_REPLACE);
  }

  private static void single(NetnsHandle h, Route route, int flags) {
    String object = describe(route, h);
    Rtnetlink.LookupNames names = new Rtnetlink.LookupNames(h);
    String missing = RouteCodec.missingDevice(route, names);
    if (missing != null) {
      throw KernelErrors.noDevice(object, missing);
    }
    Rtnetlink.request(
        h,
        object,
        (w, seq) ->
            RouteCodec.write(
                w, seq, Rtnl.RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | flags, route, names));
  }

  @Override
  public boolean delete(NetworkNamespace ns, Route route) {
    NetnsHandle h = dp.handle(ns);
    return Rtnetlink.requestUnlessAbsent(
        h,
        describe(route, h) + " delete",
        (w, seq) ->
            RouteCodec.write(w, seq, Rtnl.RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, route, NO_NAMES),
        Errno.ESRCH,
        Errno.ENOENT);
  }

  /** Deletes name no device. */
  private static final LinkNames NO_NAMES =
      new LinkNames() {
        @Override
        public int indexOf(String name) {
          return 0;
        }

        @Override
        public String nameOf(int index) {
          return null;
        }
      };

  @Override
  public List<RouteChange.Failure> apply(NetworkNamespace ns, List<RouteChange> changes) {
    NetnsHandle h = dp.handle(ns);
    List<RouteChange> all = List.copyOf(changes);
    // Failures by the index of their change, so that they are reported in the batch's order.
    TreeMap<Integer, RouteChange.Failure> failures = new TreeMap<>();
    if (all.isEmpty()) {
      return List.of();
    }
    Rtnetlink.LinkTable names = Rtnetlink.links(h);
    NetlinkChannel ch = Rtnetlink.channel(h, "routes of " + h.name());
    int[] sent = new int[MESSAGES_PER_SEND];
    synchronized (ch) {
      int next = 0;
      while (next < all.size()) {
        NetlinkWriter w = ch.writer();
        int count = 0;
        int firstSeq = 0;
        int lastSeq = 0;
        int lastStart = 0;
        int lastFlags = 0;
        while (next < all.size() && count < MESSAGES_PER_SEND && w.remaining() >= MESSAGE_ROOM) {
          RouteChange c = all.get(next);
          Route r = c.route();
          boolean delete = c.action() == RouteChange.Action.DELETE;
          String missing = delete ? null : RouteCodec.missingDevice(r, names);
          if (missing != null) {
            failures.put(
                next, new RouteChange.Failure(c, KernelErrors.noDevice(describe(r, h), missing)));
            next++;
            continue;
          }
          int seq = ch.nextSeq();
          if (count == 0) {
            firstSeq = seq;
          }
          lastSeq = seq;
          lastStart = w.position();
          lastFlags = NLM_F_REQUEST | flags(c.action());
          RouteCodec.write(
              w, seq, delete ? Rtnl.RTM_DELROUTE : Rtnl.RTM_NEWROUTE, lastFlags, r, names);
          sent[count++] = next++;
        }
        if (count == 0) {
          continue;
        }
        // Only the last request asks for an answer; failures are answered anyway.
        w.buffer().putShort(lastStart + 6, (short) (lastFlags | NLM_F_ACK));
        int first = firstSeq;
        try {
          ch.sendAwait(
              firstSeq,
              lastSeq,
              (seq, errno, message) -> {
                if (errno != 0) {
                  int index = sent[seq - first];
                  RouteChange c = all.get(index);
                  boolean absent =
                      c.action() == RouteChange.Action.DELETE
                          && (errno == Errno.ESRCH || errno == Errno.ENOENT);
                  if (!absent) {
                    failures.put(
                        index,
                        new RouteChange.Failure(
                            c, KernelErrors.of(describe(c.route(), h), errno, message)));
                  }
                }
                return false;
              });
        } catch (NetlinkException e) {
          // The answers are lost: every change of this send is reported, none is known applied.
          for (int i = 0; i < count; i++) {
            RouteChange c = all.get(sent[i]);
            failures.put(
                sent[i], new RouteChange.Failure(c, KernelErrors.of(describe(c.route(), h), e)));
          }
        }
      }
    }
    return new ArrayList<>(failures.values());
  }

  private static int flags(RouteChange.Action action) {
    switch (action) {
      case ADD:
        return NLM_F_CREATE | NLM_F_EXCL;
      case REPLACE:
        return NLM_F_CREATE | NLM_F_REPLACE;
      default:
        return 0;
    }
  }
}
