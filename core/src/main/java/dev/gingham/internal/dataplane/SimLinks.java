package dev.gingham.internal.dataplane;

import dev.gingham.net.InterfaceName;
import dev.gingham.net.IpFamily;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.IpipSpec;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Links;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Devices of the simulation, with the kernel's defaults: a veth's MTU is 1500, a VXLAN device's
 * 1500 without an underlay device and else the underlay's less 50 over IPv4 (70 over IPv6), an IPIP
 * device's 1480 and it has no hardware address. New devices are down; a device moved to another
 * namespace arrives down and loses its addresses and routes.
 */
final class SimLinks implements Links {
  private final SimulatedDataplane dp;

  SimLinks(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Link> list(NetworkNamespace ns) {
    return dp.in(
        ns,
        n -> {
          List<Link> out = new ArrayList<>();
          n.links.values().forEach(l -> out.add(l.snapshot()));
          out.sort(Comparator.comparingInt(Link::index));
          return out;
        });
  }

  @Override
  public Optional<Link> get(NetworkNamespace ns, String name) {
    return dp.in(ns, n -> Optional.ofNullable(n.link(name)).map(SimLink::snapshot));
  }

  @Override
  public Link createVeth(NetworkNamespace ns, VethSpec spec) {
    String what = "veth " + spec.name() + " peer " + spec.peerName();
    return dp.in(
        ns,
        n -> {
          SimNamespace peerNs = dp.resolve(spec.peerNamespace());
          requireFree(what, n, spec.name());
          requireFree(what, peerNs, spec.peerName());
          if (n == peerNs && spec.name().equals(spec.peerName())) {
            throw Errors.exists(what, "both ends are named " + spec.name());
          }
          int mtu = spec.mtu() == 0 ? 1500 : spec.mtu();
          SimLink a = new SimLink(n, 0, spec.name(), "veth", mac(spec.mac()), mtu);
          SimLink b = new SimLink(peerNs, 0, spec.peerName(), "veth", mac(spec.peerMac()), mtu);
          a.peer = b;
          b.peer = a;
          n.addLink(a);
          peerNs.addLink(b);
          return a.snapshot();
        });
  }

  @Override
  public Link createVxlan(NetworkNamespace ns, VxlanSpec spec) {
    String what = "vxlan " + spec.name();
    return dp.in(
        ns,
        n -> {
          requireFree(what, n, spec.name());
          // As the kernel: 1500 without an underlay device, else its MTU less the encapsulation.
          int defaultMtu = 1500;
          if (spec.parent() != null) {
            SimLink parent = n.requireLink(what, spec.parent());
            defaultMtu = parent.mtu - (spec.local().family() == IpFamily.IPV4 ? 50 : 70);
          }
          SimLink l =
              new SimLink(
                  n,
                  0,
                  spec.name(),
                  "vxlan",
                  mac(spec.mac()),
                  spec.mtu() == 0 ? defaultMtu : spec.mtu());
          n.addLink(l);
          return l.snapshot();
        });
  }

  @Override
  public Link createIpip(NetworkNamespace ns, IpipSpec spec) {
    String what = "ipip " + spec.name();
    return dp.in(
        ns,
        n -> {
          requireFree(what, n, spec.name());
          SimLink l =
              new SimLink(n, 0, spec.name(), "ipip", null, spec.mtu() == 0 ? 1480 : spec.mtu());
          n.addLink(l);
          return l.snapshot();
        });
  }

  @Override
  public void setUp(NetworkNamespace ns, String name, boolean up) {
    String what = "link " + name + (up ? " up" : " down");
    dp.in(
        ns,
        n -> {
          SimLink l = n.requireLink(what, name);
          if (up) {
            n.setUp(l);
          } else {
            n.setDown(l);
          }
          return null;
        });
  }

  @Override
  public void setMtu(NetworkNamespace ns, String name, int mtu) {
    String what = "link " + name + " mtu " + mtu;
    dp.in(
        ns,
        n -> {
          SimLink l = n.requireLink(what, name);
          if (mtu < 68 || mtu > 65535) {
            throw Errors.invalid(what, "mtu must be 68..65535");
          }
          l.mtu = mtu;
          n.linkChanged(l);
          return null;
        });
  }

  @Override
  public void setMac(NetworkNamespace ns, String name, MacAddress mac) {
    String what = "link " + name + " address " + mac;
    dp.in(
        ns,
        n -> {
          SimLink l = n.requireLink(what, name);
          if (l.mac == null) {
            throw Errors.unsupported(what, "a " + l.kind + " device has no hardware address");
          }
          if (mac.isMulticast()) {
            throw new dev.gingham.spi.dataplane.DataplaneException(
                what, "EADDRNOTAVAIL", "a multicast address cannot be a device's");
          }
          l.mac = mac;
          n.linkChanged(l);
          return null;
        });
  }

  @Override
  public void rename(NetworkNamespace ns, String name, String newName) {
    InterfaceName.requireValid(newName);
    String what = "link " + name + " name " + newName;
    dp.in(
        ns,
        n -> {
          SimLink l = n.requireLink(what, name);
          if (l.up) {
            throw Errors.busy(what, "a device must be down to be renamed");
          }
          if (name.equals(newName)) {
            return null;
          }
          requireFree(what, n, newName);
          n.renameLink(l, newName);
          n.linkChanged(l);
          return null;
        });
  }

  @Override
  public void moveTo(NetworkNamespace ns, String name, NetworkNamespace target) {
    String what = "link " + name + " netns " + target.name();
    dp.in(
        ns,
        n -> {
          SimNamespace t = dp.resolve(target);
          SimLink l = n.requireLink(what, name);
          if (n == t) {
            return null;
          }
          if (name.equals("lo")) {
            throw Errors.invalid(what, "the loopback cannot leave its namespace");
          }
          requireFree(what, t, name);
          n.removeLink(l);
          l.up = false;
          t.addLink(l);
          return null;
        });
  }

  @Override
  public boolean delete(NetworkNamespace ns, String name) {
    String what = "link " + name + " delete";
    return dp.in(
        ns,
        n -> {
          SimLink l = n.link(name);
          if (l == null) {
            return false;
          }
          if (name.equals("lo")) {
            throw Errors.unsupported(what, "the loopback cannot be deleted");
          }
          n.removeLink(l);
          SimLink peer = l.peer;
          if (peer != null && peer.namespace.links.get(peer.name) == peer) {
            peer.namespace.removeLink(peer);
          }
          return true;
        });
  }

  private static void requireFree(String what, SimNamespace n, String name) {
    if (n.link(name) != null) {
      throw Errors.exists(what, "device " + name + " exists in " + n.name);
    }
  }

  private MacAddress mac(@Nullable MacAddress given) {
    return given != null ? given : MacAddress.randomLocal(dp.random);
  }
}
