package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.Addresses;
import dev.gingham.spi.dataplane.InterfaceAddress;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses of the simulation. An address is unique per device by address and length; on an up
 * device it brings its local route and, short of a host address, its subnet route.
 */
final class SimAddresses implements Addresses {
  private final SimulatedDataplane dp;

  SimAddresses(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<InterfaceAddress> list(NetworkNamespace ns) {
    return dp.in(ns, n -> List.copyOf(n.addresses));
  }

  @Override
  public List<InterfaceAddress> list(NetworkNamespace ns, String device) {
    return dp.in(
        ns,
        n -> {
          n.requireLink("addresses of " + device, device);
          List<InterfaceAddress> out = new ArrayList<>();
          for (InterfaceAddress a : n.addresses) {
            if (a.device().equals(device)) {
              out.add(a);
            }
          }
          return out;
        });
  }

  @Override
  public void add(NetworkNamespace ns, InterfaceAddress address) {
    String what = "address " + address;
    dp.in(
        ns,
        n -> {
          n.requireLink(what, address.device());
          for (InterfaceAddress a : n.addresses) {
            if (a.device().equals(address.device())
                && a.address().equals(address.address())
                && a.prefixLength() == address.prefixLength()) {
              throw Errors.exists(what, "the device has it");
            }
          }
          n.addAddress(address);
          return null;
        });
  }

  @Override
  public boolean delete(NetworkNamespace ns, InterfaceAddress address) {
    return dp.in(
        ns,
        n -> {
          for (InterfaceAddress a : n.addresses) {
            if (a.device().equals(address.device())
                && a.address().equals(address.address())
                && a.prefixLength() == address.prefixLength()) {
              n.removeAddress(a);
              return true;
            }
          }
          return false;
        });
  }
}
