package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.CniResult;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.core.PodNetworks;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gingham-ipam} plugin's commands, for any main plugin that names it as its {@code
 * ipam.type}: ADD assigns and reports the addresses, DEL releases them (idempotently), CHECK
 * verifies IPAM still assigns them, and STATUS and GC as {@link HostCommands} answers them.
 *
 * <p>Addresses are reported as host-local reports them, for the reference plugins' model of a
 * subnet behind a gateway: each with the length of the block it came from (pods of one block are on
 * one link for {@code bridge}), and IPv4 ones with {@code 169.254.1.1} as the gateway, the address
 * {@code ptp} gives its host end and {@code bridge} (with {@code isGateway}) its bridge, the same
 * for every pod. No routes are reported: the main plugin adds its own ({@code bridge}'s {@code
 * isDefaultGateway}), or the IPAM section of a later version may.
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
    Ipam engine = inv.backend().ipam();
    for (IpAddress a : r.all()) {
      int length = engine.allocation(a).map(al -> al.block().length()).orElse(a.bitLength());
      ips.add(
          new CniResult.IpConfig(
              a, length, a.family() == IpFamily.IPV4 ? PodNetworks.GATEWAY_V4 : null, null));
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
