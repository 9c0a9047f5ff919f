package dev.gingham.cni.plugin;

import dev.gingham.cni.config.IpamConf;
import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A workload's addresses in Gingham's IPAM, as both plugins take them: the handle {@code
 * <network>.<containerID>}, the pools the IPAM section names (by name, or by CIDR, in which case a
 * pool of that CIDR is made when none exists, so that a conflist alone sets up a node), and the
 * attributes that GC and {@code gingham ipam check} read back. Callers hold the {@link HostLock}.
 */
final class WorkloadIpam {
  /** The attribute naming the node an address was assigned on. */
  static final String NODE = "node";

  /** The attribute naming the network. */
  static final String NETWORK = "network";

  /** The attribute naming the container. */
  static final String CONTAINER = "containerID";

  /** The attribute naming the container's interface. */
  static final String IFNAME = "ifname";

  private final Ipam ipam;
  private final IpamConf conf;
  private final PluginLog log;

  WorkloadIpam(Ipam ipam, IpamConf conf, PluginLog log) {
    this.ipam = ipam;
    this.conf = conf;
    this.log = log;
  }

  /** The handle of a container's addresses on a network. */
  static String handle(String network, String containerId) {
    return network + "." + containerId;
  }

  /**
   * Assigns the configured addresses.
   *
   * @throws CniException with {@link ErrorCodes#NO_ADDRESS} when no pool has room, or {@link
   *     ErrorCodes#INVALID_NETWORK_CONFIG} naming a pool that does not exist
   */
  AssignResult assign(String handle, String node, Map<String, String> attributes) {
    List<IpPrefix> pools = new ArrayList<>();
    pools.addAll(resolve(conf.ipv4Pools(), IpFamily.IPV4, "ipv4_pools"));
    pools.addAll(resolve(conf.ipv6Pools(), IpFamily.IPV6, "ipv6_pools"));
    AssignRequest request;
    try {
      request =
          AssignRequest.builder(handle, node)
              .ipv4(conf.assignIpv4() ? 1 : 0)
              .ipv6(conf.assignIpv6() ? 1 : 0)
              .pools(pools)
              .attributes(attributes)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CniException(ErrorCodes.INVALID_NETWORK_CONFIG, e.getMessage(), e);
    }
    try {
      AssignResult r = ipam.autoAssign(request);
      log.info("assigned " + r.all() + " to " + handle + " on " + node);
      return r;
    } catch (dev.gingham.ipam.PoolExhaustedException | dev.gingham.ipam.NoUsablePoolException e) {
      throw new CniException(
          ErrorCodes.NO_ADDRESS,
          "no address for "
              + handle
              + ": "
              + e.getMessage()
              + (pools.isEmpty() && ipam.pools().isEmpty()
                  ? " (no pool exists: create one, or list a CIDR in ipam.ipv4_pools)"
                  : ""),
          e);
    }
  }

  /** Releases a handle's addresses; releasing an unknown handle releases nothing. */
  List<IpAddress> release(String handle) {
    List<IpAddress> released = ipam.releaseByHandle(handle);
    if (!released.isEmpty()) {
      log.info("released " + released + " of " + handle);
    }
    return released;
  }

  /** A handle's addresses. */
  List<IpAddress> addresses(String handle) {
    return ipam.ipsByHandle(handle);
  }

  /**
   * The MTU a pod gets when the configuration sets none: 1500 less the largest encapsulation
   * overhead of the pools it may draw from (VXLAN 50, IP-in-IP 20).
   */
  int defaultMtu() {
    int overhead = 0;
    List<IpPrefix> named = new ArrayList<>();
    named.addAll(resolveExisting(conf.ipv4Pools()));
    named.addAll(resolveExisting(conf.ipv6Pools()));
    for (IpPool p : ipam.pools()) {
      if (!named.isEmpty() && !named.contains(p.cidr())) {
        continue;
      }
      if (p.vxlanMode() != EncapsulationMode.NEVER) {
        overhead = Math.max(overhead, p.family() == IpFamily.IPV4 ? 50 : 70);
      } else if (p.ipipMode() != EncapsulationMode.NEVER) {
        overhead = Math.max(overhead, 20);
      }
    }
    return 1500 - overhead;
  }

  private List<IpPrefix> resolveExisting(List<String> entries) {
    List<IpPrefix> out = new ArrayList<>();
    for (String e : entries) {
      Optional<IpPrefix> cidr = cidr(e);
      if (cidr.isPresent()) {
        out.add(cidr.get());
      } else {
        ipam.pool(e).ifPresent(p -> out.add(p.cidr()));
      }
    }
    return out;
  }

  private List<IpPrefix> resolve(List<String> entries, IpFamily family, String field) {
    List<IpPrefix> out = new ArrayList<>();
    for (String e : entries) {
      Optional<IpPrefix> cidr = cidr(e);
      IpPrefix prefix;
      if (cidr.isPresent()) {
        prefix = cidr.get();
        requireFamily(prefix, family, field, e);
        if (ipam.pools().stream().noneMatch(p -> p.cidr().equals(prefix))) {
          String name = poolName(prefix);
          try {
            // A pool smaller than a default block is one block.
            int block =
                Math.max(
                    prefix.length(),
                    family == IpFamily.IPV4
                        ? IpPool.DEFAULT_IPV4_BLOCK_SIZE
                        : IpPool.DEFAULT_IPV6_BLOCK_SIZE);
            ipam.createPool(IpPool.builder(name, prefix).blockSize(block).build());
            log.info("created pool " + name + " for " + prefix + ", named in ipam." + field);
          } catch (RuntimeException ex) {
            throw new CniException(
                ErrorCodes.INVALID_NETWORK_CONFIG,
                "ipam." + field + ": cannot create a pool for " + prefix + ": " + ex.getMessage(),
                ex);
          }
        }
      } else {
        prefix =
            ipam.pool(e)
                .map(IpPool::cidr)
                .orElseThrow(
                    () ->
                        new CniException(
                            ErrorCodes.INVALID_NETWORK_CONFIG,
                            "ipam." + field + ": no pool named \"" + e + "\""));
      }
      requireFamily(prefix, family, field, e);
      out.add(prefix);
    }
    return out;
  }

  private static void requireFamily(IpPrefix prefix, IpFamily family, String field, String entry) {
    if (prefix.family() != family) {
      throw new CniException(
          ErrorCodes.INVALID_NETWORK_CONFIG,
          "ipam." + field + ": " + entry + " is not an " + family + " pool");
    }
  }

  private static Optional<IpPrefix> cidr(String text) {
    if (text.indexOf('/') < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpPrefix.parse(text));
    } catch (IllegalArgumentException e) {
      throw new CniException(
          ErrorCodes.INVALID_NETWORK_CONFIG, "ipam pool \"" + text + "\": " + e.getMessage(), e);
    }
  }

  /** {@code 10.65.0.0/16} → {@code cni-10-65-0-0-16}. */
  static String poolName(IpPrefix prefix) {
    return "cni-"
        + prefix
            .toString()
            .toLowerCase(Locale.ROOT)
            .replace('.', '-')
            .replace(':', '-')
            .replace('/', '-')
            .replaceAll("-+", "-")
            .replaceAll("-$", "");
  }
}
