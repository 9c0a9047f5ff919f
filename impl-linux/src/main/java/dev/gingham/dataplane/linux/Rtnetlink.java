package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.LinkCodec;
import dev.gingham.dataplane.linux.rtnl.LinkNames;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request shapes the dataplane's parts share, over a namespace's rtnetlink channel: one
 * acknowledged request, a dump decoded into values, and name and index lookups. Each holds the
 * channel's lock for its whole exchange. Stateless.
 */
final class Rtnetlink {
  private Rtnetlink() {}

  /** Writes one request. */
  @FunctionalInterface
  interface Request {
    void write(NetlinkWriter w, int seq);
  }

  /** Writes one request about the device with this index. */
  @FunctionalInterface
  interface DeviceRequest {
    void write(NetlinkWriter w, int seq, int index);
  }

  /**
   * Looks a device up by name and sends a request about it.
   *
   * @throws dev.gingham.spi.dataplane.NoSuchObjectException if there is no such device
   */
  static void requestOnDevice(NetnsHandle ns, String device, String object, DeviceRequest r) {
    int index = indexOf(ns, device);
    if (index == 0) {
      throw KernelErrors.noDevice(object, device);
    }
    request(ns, object, (w, seq) -> r.write(w, seq, index));
  }

  /**
   * Looks a device up by name and sends a delete about it.
   *
   * @return false if the device or the object was not there (the {@code absent} errors)
   */
  static boolean deleteOnDevice(
      NetnsHandle ns, String device, String object, DeviceRequest r, int... absent) {
    int index = indexOf(ns, device);
    if (index == 0) {
      return false;
    }
    return requestUnlessAbsent(ns, object, (w, seq) -> r.write(w, seq, index), absent);
  }

  /** Decodes one message of a dump; null skips it. */
  @FunctionalInterface
  interface Decoder<T> {
    @Nullable T decode(ByteBuffer b, int offset, int length, int type);
  }

  /**
   * The namespace's channel, opened inside it on first use.
   *
   * @throws dev.gingham.spi.dataplane.DataplaneException naming {@code object} if the namespace
   *     cannot be entered (EPERM without the capabilities over it)
   */
  static NetlinkChannel channel(NetnsHandle ns, String object) {
    try {
      return ns.rtnl();
    } catch (NetlinkException e) {
      throw KernelErrors.of(object, e);
    }
  }

  /**
   * Sends one request and waits for its acknowledgement.
   *
   * @throws dev.gingham.spi.dataplane.DataplaneException naming {@code object} if it failed
   */
  static void request(NetnsHandle ns, String object, Request request) {
    requestUnlessAbsent(ns, object, request);
  }

  /**
   * Like {@link #request}, but returns false instead of throwing for the errors that mean "not
   * there" ({@code absent}).
   */
  static boolean requestUnlessAbsent(
      NetnsHandle ns, String object, Request request, int... absent) {
    NetlinkChannel ch = channel(ns, object);
    synchronized (ch) {
      int seq = ch.nextSeq();
      request.write(ch.writer(), seq);
      try {
        ch.request(object, seq);
        return true;
      } catch (NetlinkException e) {
        for (int a : absent) {
          if (e.errno() == a) {
            return false;
          }
        }
        throw KernelErrors.of(object, e);
      }
    }
  }

  /** Dumps and decodes. */
  static <T> List<T> dump(
      NetnsHandle ns, String object, NetlinkChannel.RequestEncoder request, Decoder<T> decoder) {
    List<T> out = new ArrayList<>();
    NetlinkChannel ch = channel(ns, object);
    synchronized (ch) {
      try {
        ch.dump(
            object,
            request,
            new NetlinkChannel.MessageHandler() {
              @Override
              public void message(ByteBuffer buffer, int offset, int length, int type) {
                T t = decoder.decode(buffer, offset, length, type);
                if (t != null) {
                  out.add(t);
                }
              }

              @Override
              public void restart() {
                out.clear();
              }
            });
      } catch (NetlinkException e) {
        throw KernelErrors.of(object, e);
      }
    }
    return out;
  }

  /** Every device's index and name, from one dump. */
  static LinkTable links(NetnsHandle ns) {
    Attributes a = new Attributes(Rtnl.IFLA_MAX);
    LinkTable t = new LinkTable();
    dump(
        ns,
        "links of " + ns.name(),
        LinkCodec::dump,
        (b, offset, length, type) -> {
          if (type == Rtnl.RTM_NEWLINK) {
            String name = LinkCodec.name(b, offset, length, a);
            if (name != null) {
              t.put(LinkCodec.index(b, offset), name);
            }
          }
          return null;
        });
    return t;
  }

  /** A device's index by name, or 0 if there is none. */
  static int indexOf(NetnsHandle ns, String name) {
    int[] index = {0};
    NetlinkChannel ch = channel(ns, "link " + name);
    synchronized (ch) {
      try {
        ch.dump(
            "link " + name,
            (w, seq) -> LinkCodec.get(w, seq, name),
            (b, offset, length, type) -> {
              if (type == Rtnl.RTM_NEWLINK) {
                index[0] = LinkCodec.index(b, offset);
              }
            });
      } catch (NetlinkException e) {
        if (e.errno() == Errno.ENODEV) {
          return 0;
        }
        throw KernelErrors.of("link " + name, e);
      }
    }
    return index[0];
  }

  /** Devices by index and name, filled from a dump. */
  static final class LinkTable implements LinkNames {
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, String> byIndex = new HashMap<>();

    void put(int index, String name) {
      byName.put(name, index);
      byIndex.put(index, name);
    }

    @Override
    public int indexOf(String name) {
      Integer i = byName.get(name);
      return i == null ? 0 : i;
    }

    @Override
    public @Nullable String nameOf(int index) {
      return byIndex.get(index);
    }
  }

  /** Names resolved one request at a time, remembered for the rest of one operation. */
  static final class LookupNames implements LinkNames {
    private final NetnsHandle ns;
    private final Map<String, Integer> cache = new HashMap<>();

    LookupNames(NetnsHandle ns) {
      this.ns = ns;
    }

    @Override
    public int indexOf(String name) {
      return cache.computeIfAbsent(name, n -> Rtnetlink.indexOf(ns, n));
    }

    @Override
    public @Nullable String nameOf(int index) {
      for (Map.Entry<String, Integer> e : cache.entrySet()) {
        if (e.getValue() == index) {
          return e.getKey();
        }
      }
      return null;
    }
  }
}
