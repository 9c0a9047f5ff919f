package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.ipam.AssignResult;
import dev.gingham.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gingham-ipam} plugin's commands, for any main plugin that names it as its {@code
 * ipam.type}: ADD assigns and reports the addresses, DEL releases them (idempotently), CHECK
 * verifies IPAM still assigns them, and STATUS and GC as {@link HostCommands} answers them.
 *
 * <p>Addresses are reported as /32 and /128 with no gateway and no routes, as Calico's IPAM plugin
 * reports them: the main plugin decides how the pod reaches the node.
 */
final class IpamPlugin {
  private IpamPlugin() {}

  static CniResult add(Invocation inv) {
    String node = inv.node();
    String handle = inv.handle();
    WorkloadIpam ipam = inv.ipam();
    AssignResult r;
    try (HostLock.Held lock = inv.lock()) {
      r = ipam.assign(handle, node, inv.ipamAttributes(node));
    }
    List<CniResult.IpConfig> ips = new ArrayList<>();
    for (IpAddress a : r.all()) {
      ips.add(new CniResult.IpConfig(a, a.bitLength(), null, null));
    }
    return new CniResult(List.of(), ips, List.of(), inv.conf().dns());
  }

  static void del(Invocation inv) {
    try (HostLock.Held lock = inv.lock()) {
      inv.ipam().release(inv.handle());
    }
  }

  static void check(Invocation inv) {
    List<IpAddress> held = inv.ipam().addresses(inv.handle());
    if (held.isEmpty()) {
      throw new CniException(ErrorCodes.CHECK_FAILED, "IPAM assigns nothing to " + inv.handle());
    }
    CniResult prev = inv.conf().prevResult();
    if (prev != null) {
      for (CniResult.IpConfig ip : prev.ips()) {
        if (!held.contains(ip.address())) {
          throw new CniException(
              ErrorCodes.CHECK_FAILED,
              "IPAM no longer assigns " + ip.address() + " to " + inv.handle());
        }
      }
    }
  }

  static void gc(Invocation inv) {
    HostCommands.gc(inv, attributes -> {});
  }
}
