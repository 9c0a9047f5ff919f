package dev.gingham.internal.agent;

import dev.gingham.internal.routing.RoutingInputs;
import dev.gingham.net.IpAddress;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's VXLAN device, as Calico's felix keeps it: {@code vxlan.calico}, VNI 4096, UDP port
 * 4789, over the node's underlay address, holding the node's tunnel address as a /32, with one
 * forwarding entry and one permanent neighbour entry per remote VTEP. Not thread-safe: the agent's
 * thread calls it.
 */
final class VxlanTunnel {
  /** Calico's VNI. */
  static final int VNI = 4096;

  /** The IANA VXLAN port. */
  static final int PORT = 4789;

  /** VXLAN's overhead over IPv4: outer IP, UDP, VXLAN and the inner Ethernet header. */
  static final int OVERHEAD = 50;

  /** A remote VTEP: the node's underlay address, its tunnel address and its device's MAC. */
  record Vtep(IpAddress underlay, IpAddress tunnel, MacAddress mac) {}

  private final Dataplane dataplane;
  private final NetworkNamespace ns;
  private final String device = RoutingInputs.VXLAN_DEVICE;

  VxlanTunnel(Dataplane dataplane, NetworkNamespace ns) {
    this.dataplane = dataplane;
    this.ns = ns;
  }

  /** A stable, locally administered MAC for a node's VXLAN device. */
  static MacAddress macFor(String node) {
    byte[] h = node.getBytes(StandardCharsets.UTF_8);
    long x = 0xcbf29ce484222325L;
    for (byte b : h) {
      x = (x ^ (b & 0xff)) * 0x100000001b3L;
    }
    // Locally administered, unicast: bit 1 of the first octet set, bit 0 clear.
    long bits = (x & 0x0000_FFFF_FFFF_FFFFL & ~(0x01L << 40)) | (0x02L << 40);
    return MacAddress.of(bits);
  }

  /** Makes the device as wanted, if it is not: address, MAC, MTU and up. */
  void ensure(IpAddress local, String underlayDevice, IpAddress tunnel, MacAddress mac, int mtu) {
    Optional<Link> link = dataplane.links().get(ns, device);
    if (link.isPresent() && !mac.equals(link.get().mac())) {
      dataplane.links().delete(ns, device);
      link = Optional.empty();
    }
    if (link.isEmpty()) {
      dataplane
          .links()
          .createVxlan(ns, new VxlanSpec(device, VNI, PORT, local, underlayDevice, mac, mtu));
    } else if (link.get().mtu() != mtu) {
      dataplane.links().setMtu(ns, device, mtu);
    }
    InterfaceAddress want = InterfaceAddress.host(device, tunnel);
    boolean have = false;
    for (InterfaceAddress a : dataplane.addresses().list(ns, device)) {
      if (a.equals(want)) {
        have = true;
      } else if (a.address().family() == tunnel.family() && !a.address().isLinkLocal()) {
        dataplane.addresses().delete(ns, a);
      }
    }
    if (!have) {
      dataplane.addresses().add(ns, want);
    }
    dataplane.links().setUp(ns, device, true);
  }

  /** Makes the forwarding and neighbour entries those of exactly these VTEPs. */
  void syncVteps(List<Vtep> vteps) {
    Set<FdbEntry> wantFdb = new HashSet<>();
    Set<Neighbour> wantNeigh = new HashSet<>();
    for (Vtep v : vteps) {
      wantFdb.add(new FdbEntry(device, v.mac(), v.underlay()));
      wantNeigh.add(Neighbour.permanent(device, v.tunnel(), v.mac()));
    }
    for (FdbEntry e : dataplane.neighbours().listFdb(ns, device)) {
      if (!wantFdb.remove(e) && !e.mac().equals(MacAddress.BROADCAST)) {
        dataplane.neighbours().deleteFdb(ns, e);
      }
    }
    for (FdbEntry e : wantFdb) {
      dataplane.neighbours().replaceFdb(ns, e);
    }
    for (Neighbour n : dataplane.neighbours().list(ns)) {
      if (n.device().equals(device) && !n.proxy() && !wantNeigh.remove(n)) {
        dataplane.neighbours().delete(ns, n);
      }
    }
    for (Neighbour n : wantNeigh) {
      dataplane.neighbours().replace(ns, n);
    }
  }

  /** Removes the device, when no pool uses VXLAN any more. */
  void remove() {
    if (dataplane.links().get(ns, device).isPresent()) {
      dataplane.links().delete(ns, device);
    }
  }
}
