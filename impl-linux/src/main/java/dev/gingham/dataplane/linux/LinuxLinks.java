package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.LinkCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.net.InterfaceName;
import dev.gingham.net.MacAddress;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplaneUnsupportedException;
import dev.gingham.spi.dataplane.IpipSpec;
import dev.gingham.spi.dataplane.Link;
import dev.gingham.spi.dataplane.Links;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.VethSpec;
import dev.gingham.spi.dataplane.VxlanSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Devices over rtnetlink. A veth pair is made with one request, its peer created directly in the
 * other namespace ({@code IFLA_NET_NS_FD}); a device is chosen by name ({@code IFLA_IFNAME}) except
 * for a rename, which looks the index up first.
 */
final class LinuxLinks implements Links {
  private final LinuxDataplane dp;

  LinuxLinks(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Link> list(NetworkNamespace ns) {
    NetnsHandle h = dp.handle(ns);
    Attributes a = new Attributes(Rtnl.IFLA_MAX);
    Attributes info = new Attributes(Rtnl.IFLA_INFO_DATA);
    List<Link> links =
        Rtnetlink.dump(
            h,
            "links of " + h.name(),
            LinkCodec::dump,
            (b, offset, length, type) ->
                type == Rtnl.RTM_NEWLINK ? LinkCodec.decode(b, offset, length, a, info) : null);
    links.sort(Comparator.comparingInt(Link::index));
    return links;
  }

  @Override
  public Optional<Link> get(NetworkNamespace ns, String name) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    Attributes a = new Attributes(Rtnl.IFLA_MAX);
    Attributes info = new Attributes(Rtnl.IFLA_INFO_DATA);
    try {
      List<Link> found =
          Rtnetlink.dump(
              h,
              "link " + name + " in " + h.name(),
              (w, seq) -> LinkCodec.get(w, seq, name),
              (b, offset, length, type) ->
                  type == Rtnl.RTM_NEWLINK ? LinkCodec.decode(b, offset, length, a, info) : null);
      return found.stream().findFirst();
    } catch (DataplaneException e) {
      if ("ENODEV".equals(e.errno())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Link created(NetnsHandle h, String name, String object) {
    return get(h, name)
        .orElseThrow(
            () -> new DataplaneException(object, null, "created, but gone before it was read"));
  }

  @Override
  public Link createVeth(NetworkNamespace ns, VethSpec spec) {
    NetnsHandle h = dp.handle(ns);
    NetnsHandle peer = dp.handle(spec.peerNamespace());
    String object = "veth " + spec.name() + " peer " + spec.peerName() + " in " + peer.name();
    int peerFd = peer.identity().equals(h.identity()) ? -1 : peer.fd();
    Rtnetlink.request(h, object, (w, seq) -> LinkCodec.createVeth(w, seq, spec, peerFd));
    return created(h, spec.name(), object);
  }

  @Override
  public Link createVxlan(NetworkNamespace ns, VxlanSpec spec) {
    NetnsHandle h = dp.handle(ns);
    String object = "vxlan " + spec.name() + " id " + spec.vni() + " in " + h.name();
    int parent = 0;
    if (spec.parent() != null) {
      parent = Rtnetlink.indexOf(h, spec.parent());
      if (parent == 0) {
        throw KernelErrors.noDevice(object, spec.parent());
      }
    }
    int parentIndex = parent;
    Rtnetlink.request(h, object, (w, seq) -> LinkCodec.createVxlan(w, seq, spec, parentIndex));
    return created(h, spec.name(), object);
  }

  @Override
  public Link createIpip(NetworkNamespace ns, IpipSpec spec) {
    NetnsHandle h = dp.handle(ns);
    String object = "ipip " + spec.name() + " in " + h.name();
    try {
      Rtnetlink.request(h, object, (w, seq) -> LinkCodec.createIpip(w, seq, spec));
    } catch (DataplaneUnsupportedException e) {
      throw new DataplaneUnsupportedException(
          object, e.errno(), "the kernel has no IPIP support (the ipip module is not loaded)");
    }
    return created(h, spec.name(), object);
  }

  @Override
  public void setUp(NetworkNamespace ns, String name, boolean up) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.request(
        h,
        "link " + name + (up ? " up" : " down") + " in " + h.name(),
        (w, seq) -> LinkCodec.setUp(w, seq, 0, name, up));
  }

  @Override
  public void setMtu(NetworkNamespace ns, String name, int mtu) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    String object = "link " + name + " mtu " + mtu + " in " + h.name();
    if (mtu < 68 || mtu > 65535) {
      throw new DataplaneException(object, "EINVAL", "mtu must be 68..65535");
    }
    Rtnetlink.request(h, object, (w, seq) -> LinkCodec.setMtu(w, seq, name, mtu));
  }

  @Override
  public void setMac(NetworkNamespace ns, String name, MacAddress mac) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.request(
        h,
        "link " + name + " address " + mac + " in " + h.name(),
        (w, seq) -> LinkCodec.setMac(w, seq, name, mac));
  }

  @Override
  public void rename(NetworkNamespace ns, String name, String newName) {
    InterfaceName.requireValid(name);
    InterfaceName.requireValid(newName);
    NetnsHandle h = dp.handle(ns);
    String object = "link " + name + " name " + newName + " in " + h.name();
    int index = Rtnetlink.indexOf(h, name);
    if (index == 0) {
      throw KernelErrors.noDevice(object, name);
    }
    Rtnetlink.request(h, object, (w, seq) -> LinkCodec.rename(w, seq, index, newName));
  }

  @Override
  public void moveTo(NetworkNamespace ns, String name, NetworkNamespace target) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    NetnsHandle t = dp.handle(target);
    if (t.identity().equals(h.identity())) {
      if (Rtnetlink.indexOf(h, name) == 0) {
        throw KernelErrors.noDevice("link " + name + " netns " + t.name(), name);
      }
      return;
    }
    int fd = t.fd();
    Rtnetlink.request(
        h,
        "link " + name + " netns " + t.name() + " from " + h.name(),
        (w, seq) -> LinkCodec.moveTo(w, seq, name, fd));
  }

  @Override
  public boolean delete(NetworkNamespace ns, String name) {
    InterfaceName.requireValid(name);
    NetnsHandle h = dp.handle(ns);
    return Rtnetlink.requestUnlessAbsent(
        h,
        "link " + name + " delete in " + h.name(),
        (w, seq) -> LinkCodec.delete(w, seq, name),
        Errno.ENODEV);
  }
}
