package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.AddressCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.net.InterfaceName;
import dev.gingham.spi.dataplane.Addresses;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;

/** Addresses over rtnetlink: a device is named in requests by its index, looked up first. */
final class LinuxAddresses implements Addresses {
  private final LinuxDataplane dp;

  LinuxAddresses(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<InterfaceAddress> list(NetworkNamespace ns) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.LinkTable names = Rtnetlink.links(h);
    Attributes a = new Attributes(Rtnl.IFA_MAX);
    return Rtnetlink.dump(
        h,
        "addresses of " + h.name(),
        AddressCodec::dump,
        (b, offset, length, type) ->
            type == Rtnl.RTM_NEWADDR ? AddressCodec.decode(b, offset, length, a, names) : null);
  }

  @Override
  public List<InterfaceAddress> list(NetworkNamespace ns, String device) {
    InterfaceName.requireValid(device);
    NetnsHandle h = dp.handle(ns);
    if (Rtnetlink.indexOf(h, device) == 0) {
      throw KernelErrors.noDevice("addresses of " + device + " in " + h.name(), device);
    }
    List<InterfaceAddress> out = new ArrayList<>();
    for (InterfaceAddress a : list(h)) {
      if (a.device().equals(device)) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public void add(NetworkNamespace ns, InterfaceAddress address) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.requestOnDevice(
        h,
        address.device(),
        "address " + address + " in " + h.name(),
        (w, seq, index) -> AddressCodec.write(w, seq, true, address, index));
  }

  @Override
  public boolean delete(NetworkNamespace ns, InterfaceAddress address) {
    NetnsHandle h = dp.handle(ns);
    return Rtnetlink.deleteOnDevice(
        h,
        address.device(),
        "address " + address + " delete in " + h.name(),
        (w, seq, index) -> AddressCodec.write(w, seq, false, address, index),
        Errno.EADDRNOTAVAIL,
        Errno.ENOENT,
        Errno.ENODEV);
  }
}
