package dev.gingham.dataplane.linux;

import dev.gingham.dataplane.linux.netlink.Attributes;
import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.dataplane.linux.rtnl.NeighbourCodec;
import dev.gingham.dataplane.linux.rtnl.Rtnl;
import dev.gingham.net.InterfaceName;
import dev.gingham.spi.dataplane.FdbEntry;
import dev.gingham.spi.dataplane.Neighbour;
import dev.gingham.spi.dataplane.Neighbours;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Neighbour and forwarding entries over rtnetlink: permanent entries and proxy entries as {@code ip
 * neigh replace} and {@code ip neigh add proxy} make them, and a VXLAN device's entries as {@code
 * bridge fdb replace ... dst} makes them. Listing reads the ordinary table and the proxy table, one
 * dump each.
 */
final class LinuxNeighbours implements Neighbours {
  private final LinuxDataplane dp;

  LinuxNeighbours(LinuxDataplane dp) {
    this.dp = dp;
  }

  @Override
  public List<Neighbour> list(NetworkNamespace ns) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.LinkTable names = Rtnetlink.links(h);
    Attributes a = new Attributes(Rtnl.NDA_MAX);
    List<Neighbour> out = new ArrayList<>();
    for (boolean proxy : new boolean[] {false, true}) {
      out.addAll(
          Rtnetlink.dump(
              h,
              (proxy ? "proxy neighbours of " : "neighbours of ") + h.name(),
              (w, seq) -> NeighbourCodec.dump(w, seq, proxy),
              (b, offset, length, type) ->
                  type == Rtnl.RTM_NEWNEIGH
                      ? NeighbourCodec.decode(b, offset, length, a, names)
                      : null));
    }
    return out;
  }

  private static String describe(Neighbour n) {
    return (n.proxy() ? "proxy neighbour " : "neighbour ")
        + n.address()
        + (n.mac() != null ? " lladdr " + n.mac() : "")
        + " dev "
        + n.device();
  }

  @Override
  public void replace(NetworkNamespace ns, Neighbour neighbour) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.requestOnDevice(
        h,
        neighbour.device(),
        describe(neighbour) + " in " + h.name(),
        (w, seq, index) -> NeighbourCodec.write(w, seq, true, neighbour, index));
  }

  @Override
  public boolean delete(NetworkNamespace ns, Neighbour neighbour) {
    NetnsHandle h = dp.handle(ns);
    return Rtnetlink.deleteOnDevice(
        h,
        neighbour.device(),
        describe(neighbour) + " delete in " + h.name(),
        (w, seq, index) -> NeighbourCodec.write(w, seq, false, neighbour, index),
        Errno.ENOENT,
        Errno.ESRCH);
  }

  @Override
  public List<FdbEntry> listFdb(NetworkNamespace ns, String device) {
    InterfaceName.requireValid(device);
    NetnsHandle h = dp.handle(ns);
    String object = "fdb of " + device + " in " + h.name();
    int index = Rtnetlink.indexOf(h, device);
    if (index == 0) {
      throw KernelErrors.noDevice(object, device);
    }
    Attributes a = new Attributes(Rtnl.NDA_MAX);
    return Rtnetlink.dump(
        h,
        object,
        (w, seq) -> NeighbourCodec.dumpFdb(w, seq, index),
        (b, offset, length, type) ->
            type == Rtnl.RTM_NEWNEIGH
                ? NeighbourCodec.decodeFdb(b, offset, length, a, index, device)
                : null);
  }

  private static String describe(FdbEntry e) {
    return "fdb " + e.mac() + " dev " + e.device() + " dst " + e.destination();
  }

  @Override
  public void replaceFdb(NetworkNamespace ns, FdbEntry entry) {
    NetnsHandle h = dp.handle(ns);
    Rtnetlink.requestOnDevice(
        h,
        entry.device(),
        describe(entry) + " in " + h.name(),
        (w, seq, index) -> NeighbourCodec.writeFdb(w, seq, true, entry, index));
  }

  @Override
  public boolean deleteFdb(NetworkNamespace ns, FdbEntry entry) {
    NetnsHandle h = dp.handle(ns);
    return Rtnetlink.deleteOnDevice(
        h,
        entry.device(),
        describe(entry) + " delete in " + h.name(),
        (w, seq, index) -> NeighbourCodec.writeFdb(w, seq, false, entry, index),
        Errno.ENOENT,
        Errno.ESRCH);
  }
}
