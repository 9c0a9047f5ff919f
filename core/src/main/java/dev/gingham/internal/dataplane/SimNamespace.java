package dev.gingham.internal.dataplane;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.MacAddress;
import dev.gingham.route.Route;
import dev.gingham.route.RouteKey;
import dev.gingham.route.RouteScope;
import dev.gingham.route.RouteType;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * One network namespace of the simulation: its devices, addresses, routes, neighbours, forwarding
 * entries, parameters and filter tables, and the subscribers who watch it. Mutable; every method
 * runs under the world's lock. Changes that the kernel reports are reported to subscribers here.
 */
final class SimNamespace {
  /** The kernel's own route protocol, for the routes that addresses bring. */
  static final int PROTOCOL_KERNEL = Route.PROTOCOL_KERNEL;

  /** Where a device's parameters live. */
  private static final List<String> DEVICE_DIRS =
      List.of("net/ipv4/conf/", "net/ipv6/conf/", "net/ipv4/neigh/");

  record NeighbourKey(String device, IpAddress address) {}

  record FdbKey(String device, MacAddress mac) {}

  record FilterKey(FilterFamily family, String name) {}

  final String name;
  final Path path;
  final boolean host;
  final Map<String, SimLink> links = new LinkedHashMap<>();
  final List<InterfaceAddress> addresses = new ArrayList<>();
  final TreeMap<RouteKey, Route> routes = new TreeMap<>();
  final Map<NeighbourKey, Neighbour> neighbours = new LinkedHashMap<>();
  final Map<FdbKey, FdbEntry> fdb = new LinkedHashMap<>();
  final TreeMap<String, String> sysctls = new TreeMap<>();
  final Map<FilterKey, SimFilterTable> filters = new LinkedHashMap<>();
  final List<SimSubscription> subscriptions = new CopyOnWriteArrayList<>();
  int openHandles;
  boolean deleted;
  private int nextIndex = 1;

  SimNamespace(String name, Path path, boolean host) {
    this.name = name;
    this.path = path;
    this.host = host;
    sysctls.put("net/ipv4/ip_forward", "0");
    for (String dir : List.of("all", "default")) {
      deviceSysctls(dir, true);
    }
    SimLink lo = new SimLink(this, 0, "lo", "", null, 65536);
    addLink(lo);
    // The loopback comes up with its addresses, as Namespaces.create promises.
    addAddress(new InterfaceAddress("lo", IpAddress.parse("127.0.0.1"), 8, RouteScope.HOST));
    addAddress(new InterfaceAddress("lo", IpAddress.parse("::1"), 128, RouteScope.HOST));
    setUp(lo);
  }

  // ---------------------------------------------------------------- devices

  @Nullable SimLink link(String device) {
    return links.get(device);
  }

  SimLink requireLink(String object, String device) {
    SimLink l = links.get(device);
    if (l == null) {
      throw Errors.noDevice(object, device);
    }
    return l;
  }

  /** Gives the link an index that is free here (keeping its own if it is) and adds it. */
  void addLink(SimLink link) {
    boolean taken = link.index == 0;
    for (SimLink l : links.values()) {
      taken |= l.index == link.index;
    }
    if (taken) {
      link.index = nextFreeIndex();
    }
    nextIndex = Math.max(nextIndex, link.index + 1);
    link.namespace = this;
    links.put(link.name, link);
    deviceSysctls(link.name, false);
    emit(new DataplaneEvent.LinkChanged(link.snapshot(), false), DataplaneEvent.Topic.LINKS);
  }

  private int nextFreeIndex() {
    return nextIndex++;
  }

  /** Removes a device and everything of this namespace that used it, as the kernel does. */
  void removeLink(SimLink link) {
    setDown(link);
    for (Iterator<InterfaceAddress> it = addresses.iterator(); it.hasNext(); ) {
      InterfaceAddress a = it.next();
      if (a.device().equals(link.name)) {
        it.remove();
        emit(new DataplaneEvent.AddressChanged(a, true), DataplaneEvent.Topic.ADDRESSES);
      }
    }
    removeRoutesVia(link.name);
    neighbours.keySet().removeIf(k -> k.device().equals(link.name));
    fdb.keySet().removeIf(k -> k.device().equals(link.name));
    for (String dir : DEVICE_DIRS) {
      sysctls.keySet().removeIf(k -> k.startsWith(dir + link.name + "/"));
    }
    links.remove(link.name);
    emit(new DataplaneEvent.LinkChanged(link.snapshot(), true), DataplaneEvent.Topic.LINKS);
  }

  /** Brings a device up: the routes its addresses imply come back. */
  void setUp(SimLink link) {
    if (link.up) {
      return;
    }
    link.up = true;
    emit(new DataplaneEvent.LinkChanged(link.snapshot(), false), DataplaneEvent.Topic.LINKS);
    for (InterfaceAddress a : addresses) {
      if (a.device().equals(link.name)) {
        kernelRoutes(a).forEach(this::putRoute);
      }
    }
    notifyPeer(link);
  }

  /** Takes a device down: every route through it goes, as the kernel flushes them. */
  void setDown(SimLink link) {
    if (!link.up) {
      return;
    }
    link.up = false;
    emit(new DataplaneEvent.LinkChanged(link.snapshot(), false), DataplaneEvent.Topic.LINKS);
    removeRoutesVia(link.name);
    notifyPeer(link);
  }

  private static void notifyPeer(SimLink link) {
    SimLink peer = link.peer;
    if (peer != null && peer.namespace.links.get(peer.name) == peer) {
      // The peer's carrier follows this end.
      peer.namespace.emit(
          new DataplaneEvent.LinkChanged(peer.snapshot(), false), DataplaneEvent.Topic.LINKS);
    }
  }

  /**
   * Renames a device that is down (so no route uses it): its addresses, entries and parameters
   * follow it, as the kernel keys them by index.
   */
  void renameLink(SimLink link, String newName) {
    String old = link.name;
    links.remove(old);
    link.name = newName;
    links.put(newName, link);
    addresses.replaceAll(
        a ->
            a.device().equals(old)
                ? new InterfaceAddress(newName, a.address(), a.prefixLength(), a.scope())
                : a);
    Map<NeighbourKey, Neighbour> n = new LinkedHashMap<>();
    neighbours.forEach(
        (k, v) -> {
          Neighbour x =
              k.device().equals(old) ? new Neighbour(newName, v.address(), v.mac(), v.proxy()) : v;
          n.put(new NeighbourKey(x.device(), x.address()), x);
        });
    neighbours.clear();
    neighbours.putAll(n);
    Map<FdbKey, FdbEntry> f = new LinkedHashMap<>();
    fdb.forEach(
        (k, v) -> {
          FdbEntry x = k.device().equals(old) ? new FdbEntry(newName, v.mac(), v.destination()) : v;
          f.put(new FdbKey(x.device(), x.mac()), x);
        });
    fdb.clear();
    fdb.putAll(f);
    Map<String, String> renamed = new TreeMap<>();
    for (Iterator<Map.Entry<String, String>> it = sysctls.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, String> e = it.next();
      for (String dir : DEVICE_DIRS) {
        if (e.getKey().startsWith(dir + old + "/")) {
          renamed.put(
              dir + newName + e.getKey().substring(dir.length() + old.length()), e.getValue());
          it.remove();
        }
      }
    }
    sysctls.putAll(renamed);
  }

  void linkChanged(SimLink link) {
    emit(new DataplaneEvent.LinkChanged(link.snapshot(), false), DataplaneEvent.Topic.LINKS);
  }

  // ---------------------------------------------------------------- addresses

  void addAddress(InterfaceAddress a) {
    addresses.add(a);
    emit(new DataplaneEvent.AddressChanged(a, false), DataplaneEvent.Topic.ADDRESSES);
    SimLink l = links.get(a.device());
    if (l != null && l.up) {
      kernelRoutes(a).forEach(this::putRoute);
    }
  }

  void removeAddress(InterfaceAddress a) {
    addresses.remove(a);
    emit(new DataplaneEvent.AddressChanged(a, true), DataplaneEvent.Topic.ADDRESSES);
    for (Route r : kernelRoutes(a)) {
      Route present = routes.get(r.key());
      if (r.equals(present) && !stillImplied(r)) {
        removeRoute(r.key());
      }
    }
  }

  private boolean stillImplied(Route r) {
    for (InterfaceAddress other : addresses) {
      SimLink l = links.get(other.device());
      if (l != null && l.up && kernelRoutes(other).contains(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The routes the kernel adds for an address on an up device: the local route in table local and,
   * unless it is a host address, the route to its subnet in table main.
   */
  static List<Route> kernelRoutes(InterfaceAddress a) {
    List<Route> out = new ArrayList<>();
    IpAddress address = a.address();
    out.add(
        Route.builder(address.toPrefix())
            .type(RouteType.LOCAL)
            .table(Route.TABLE_LOCAL)
            .device(a.device())
            .protocol(PROTOCOL_KERNEL)
            .source(address.family() == IpFamily.IPV4 ? address : null)
            .build());
    if (a.prefixLength() < address.bitLength()) {
      IpPrefix subnet = a.subnet();
      out.add(
          Route.builder(subnet)
              .device(a.device())
              .protocol(PROTOCOL_KERNEL)
              .metric(address.family() == IpFamily.IPV4 ? 0 : 256)
              .source(address.family() == IpFamily.IPV4 ? address : null)
              .build());
    }
    return out;
  }

  // ---------------------------------------------------------------- routes

  void putRoute(Route r) {
    routes.put(r.key(), r);
    emit(new DataplaneEvent.RouteChanged(r, false), DataplaneEvent.Topic.ROUTES);
  }

  void removeRoute(RouteKey key) {
    Route r = routes.remove(key);
    if (r != null) {
      emit(new DataplaneEvent.RouteChanged(r, true), DataplaneEvent.Topic.ROUTES);
    }
  }

  private void removeRoutesVia(String device) {
    List<RouteKey> gone = new ArrayList<>();
    for (Route r : routes.values()) {
      if (usesDevice(r, device)) {
        gone.add(r.key());
      }
    }
    gone.forEach(this::removeRoute);
  }

  static boolean usesDevice(Route r, String device) {
    if (device.equals(r.device())) {
      return true;
    }
    return r.nextHops().stream().anyMatch(h -> device.equals(h.device()));
  }

  // ---------------------------------------------------------------- parameters

  /** The parameters a device (or "all" and "default") has, from "default" for a new device. */
  private void deviceSysctls(String device, boolean defaults) {
    String[][] keys = {
      {"net/ipv4/conf/", "forwarding", "0"},
      {"net/ipv4/conf/", "proxy_arp", "0"},
      {"net/ipv4/conf/", "rp_filter", "0"},
      {"net/ipv4/neigh/", "proxy_delay", "80"},
      {"net/ipv6/conf/", "forwarding", "0"},
      {"net/ipv6/conf/", "accept_ra", "1"},
      {"net/ipv6/conf/", "accept_dad", "1"},
      {"net/ipv6/conf/", "proxy_ndp", "0"}
    };
    for (String[] k : keys) {
      String fallback = k[2];
      if (!defaults) {
        fallback = sysctls.getOrDefault(k[0] + "default/" + k[1], fallback);
      }
      sysctls.put(k[0] + device + "/" + k[1], fallback);
    }
  }

  // ---------------------------------------------------------------- events

  void emit(DataplaneEvent event, DataplaneEvent.Topic topic) {
    for (SimSubscription s : subscriptions) {
      s.offer(event, topic);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
