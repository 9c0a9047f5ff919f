package dev.gingham.ipam;

import dev.gingham.net.IpPrefix;
import java.math.BigInteger;
import java.util.List;

/**
 * How one pool's addresses are used, over its blocks that exist and the space not yet cut into
 * blocks. Every address is counted exactly once: {@code inUse + reserved + free == size}.
 *
 * @param pool the pool's name
 * @param cidr the pool's CIDR
 * @param size how many addresses it has
 * @param inUse how many are assigned
 * @param reserved how many of the others are never handed out
 * @param free how many of the others can be handed out
 * @param blocks the pool's blocks that exist, in address order
 */
public record PoolUsage(
    String pool,
    IpPrefix cidr,
    BigInteger size,
    long inUse,
    BigInteger reserved,
    BigInteger free,
    List<BlockUsage> blocks) {
  public PoolUsage {
    blocks = List.copyOf(blocks);
    if (inUse < 0
        || reserved.signum() < 0
        || free.signum() < 0
        || !BigInteger.valueOf(inUse).add(reserved).add(free).equals(size)) {
      throw new IllegalArgumentException(
          "usage of pool '"
              + pool
              + "' does not add up: "
              + inUse
              + " in use + "
              + reserved
              + " reserved + "
              + free
              + " free != "
              + size);
    }
  }
}
