package dev.gingham.ipam;

import java.util.List;
import java.util.Optional;

/**
 * How every pool's addresses are used, as {@link Ipam#usage()} read them.
 *
 * @param pools one entry per pool, in name order
 */
public record IpamUsage(List<PoolUsage> pools) {
  public IpamUsage {
    pools = List.copyOf(pools);
  }

  /** The usage of the pool with this name. */
  public Optional<PoolUsage> pool(String name) {
    return pools.stream().filter(p -> p.pool().equals(name)).findFirst();
  }

  /** How many addresses are assigned, over every pool. */
  public long inUse() {
    long total = 0;
    for (PoolUsage pool : pools) {
      total += pool.inUse();
    }
    return total;
  }
}
