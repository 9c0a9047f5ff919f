package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.Neighbours;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Neighbour and forwarding entries of the simulation: one neighbour entry per device and address,
 * one forwarding entry per VXLAN device and hardware address; both need their device (ENODEV), and
 * forwarding entries a VXLAN one (EOPNOTSUPP otherwise).
 */
final class SimNeighbours implements Neighbours {
  private final SimulatedDataplane dp;

  SimNeighbours(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Neighbour> list(NetworkNamespace ns) {
    return dp.in(ns, n -> List.copyOf(n.neighbours.values()));
  }

  @Override
  public void replace(NetworkNamespace ns, Neighbour neighbour) {
    dp.in(
        ns,
        n -> {
          n.requireLink("neighbour " + neighbour.address(), neighbour.device());
          n.neighbours.put(
              new SimNamespace.NeighbourKey(neighbour.device(), neighbour.address()), neighbour);
          return null;
        });
  }

  @Override
  public boolean delete(NetworkNamespace ns, Neighbour neighbour) {
    return dp.in(
        ns,
        n ->
            n.neighbours.remove(
                    new SimNamespace.NeighbourKey(neighbour.device(), neighbour.address()))
                != null);
  }

  @Override
  public List<FdbEntry> listFdb(NetworkNamespace ns, String device) {
    return dp.in(
        ns,
        n -> {
          n.requireLink("fdb of " + device, device);
          List<FdbEntry> out = new ArrayList<>();
          for (FdbEntry e : n.fdb.values()) {
            if (e.device().equals(device)) {
              out.add(e);
            }
          }
          return out;
        });
  }

  @Override
  public void replaceFdb(NetworkNamespace ns, FdbEntry entry) {
    String what = "fdb " + entry.mac() + " dev " + entry.device() + " dst " + entry.destination();
    dp.in(
        ns,
        n -> {
          SimLink l = n.requireLink(what, entry.device());
          if (!l.kind.equals("vxlan")) {
            throw Errors.unsupported(what, entry.device() + " is a " + kindName(l) + ", not vxlan");
          }
          n.fdb.put(new SimNamespace.FdbKey(entry.device(), entry.mac()), entry);
          return null;
        });
  }

  private static String kindName(SimLink l) {
    return l.kind.isEmpty() ? "plain device" : l.kind + " device";
  }

  @Override
  public boolean deleteFdb(NetworkNamespace ns, FdbEntry entry) {
    return dp.in(
        ns,
        n -> {
          SimNamespace.FdbKey key = new SimNamespace.FdbKey(entry.device(), entry.mac());
          FdbEntry present = n.fdb.get(key);
          if (present == null || !present.equals(entry)) {
            return false;
          }
          n.fdb.remove(key);
          return true;
        });
  }
}
