package dev.gingham.cni.plugin;

import dev.gingham.cni.spec.Attachment;
import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** STATUS and GC, which both plugins answer the same way over IPAM. */
final class HostCommands {
  private HostCommands() {}

  /**
   * STATUS: the datastore answers and some pool the configuration may draw from has a free address
   * (or a CIDR it names has no pool yet, which ADD creates).
   *
   * @throws CniException with {@link ErrorCodes#PLUGIN_NOT_AVAILABLE} saying which
   */
  static void status(Invocation inv) {
    List<PoolUsage> pools;
    List<IpPool> defined;
    try {
      Ipam ipam = inv.backend().ipam();
      defined = ipam.pools();
      pools = ipam.usage().pools();
    } catch (RuntimeException e) {
      throw new CniException(
          ErrorCodes.PLUGIN_NOT_AVAILABLE, "the datastore is unreachable: " + e.getMessage(), e);
    }
    List<String> wanted = new ArrayList<>(inv.conf().ipam().ipv4Pools());
    wanted.addAll(inv.conf().ipam().ipv6Pools());
    for (String w : wanted) {
      if (w.contains("/") && defined.stream().noneMatch(p -> p.cidr().toString().equals(w))) {
        return; // ADD makes this pool: it is all free
      }
    }
    Set<String> names = new HashSet<>();
    for (IpPool p : defined) {
      if (!p.disabled()
          && (wanted.isEmpty()
              || wanted.contains(p.name())
              || wanted.contains(p.cidr().toString()))) {
        names.add(p.name());
      }
    }
    for (PoolUsage u : pools) {
      if (names.contains(u.pool()) && u.free().compareTo(BigInteger.ZERO) > 0) {
        return;
      }
    }
    throw new CniException(
        ErrorCodes.PLUGIN_NOT_AVAILABLE,
        names.isEmpty()
            ? "no usable IP pool: create one, or list a CIDR in ipam.ipv4_pools"
            : "every IP pool is exhausted: " + names);
  }

  /**
   * GC: releases every address this network assigned on this node to an attachment that is not in
   * the valid list, and hands the attributes of each released container's addresses to {@code
   * alsoClean} (the main plugin removes its endpoint and veth there).
   *
   * @return how many addresses were released
   */
  static int gc(Invocation inv, Consumer<Map<String, String>> alsoClean) {
    Set<Attachment> valid = new HashSet<>(inv.conf().validAttachments());
    String node = inv.node();
    String network = inv.conf().name();
    try (HostLock.Held lock = inv.lock()) {
      Ipam ipam = inv.backend().ipam();
      List<Allocation> stale = new ArrayList<>();
      Map<String, Map<String, String>> containers = new LinkedHashMap<>();
      for (Allocation a : ipam.allocations()) {
        Map<String, String> at = a.attributes();
        if (!network.equals(at.get(WorkloadIpam.NETWORK))
            || !node.equals(at.get(WorkloadIpam.NODE))) {
          continue;
        }
        String id = at.getOrDefault(WorkloadIpam.CONTAINER, "");
        String ifname = at.getOrDefault(WorkloadIpam.IFNAME, "");
        if (!valid.contains(new Attachment(id, ifname))) {
          stale.add(a);
          containers.put(id, at);
        }
      }
      if (stale.isEmpty()) {
        return 0;
      }
      List<IpPrefix> released =
          ipam.releaseAllocations(stale).stream().map(x -> x.toPrefix()).toList();
      inv.log().info("GC released " + released + " of " + containers.keySet());
      containers.values().forEach(alsoClean);
      return released.size();
    }
  }
}
