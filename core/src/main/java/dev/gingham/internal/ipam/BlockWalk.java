package dev.gingham.internal.ipam;

import dev.gingham.ipam.IpPool;
import dev.gingham.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The order in which a host tries the blocks of a pool: from a starting block drawn from a random
 * generator seeded with a hash of the host name, then onward, wrapping at the end of the pool.
 * Hosts that claim at the same moment thus start far apart and rarely collide, while one host
 * always walks the same way, so that its retries meet the blocks they met before (Calico's {@code
 * randomBlockGenerator}).
 *
 * <p>A pool with more than 2<sup>62</sup> blocks (an IPv6 pool much larger than its blocks) is
 * walked from a start among its first 2<sup>62</sup> blocks, which spreads hosts just as well.
 */
final class BlockWalk {
  private final IpPool pool;
  private final long count;
  private final long start;

  BlockWalk(IpPool pool, String host) {
    this.pool = pool;
    int bits = pool.blockSize() - pool.cidr().length();
    this.count = bits >= 62 ? 1L << 62 : 1L << bits;
    this.start = new SplittableRandom(seed(host)).nextLong(count);
  }

  /** How many blocks the walk visits before it comes round again. */
  long count() {
    return count;
  }

  /** The {@code step}-th block of the walk, {@code 0 <= step < count()}. */
  IpPrefix block(long step) {
    long index = start + step;
    if (index >= count || index < 0) {
      index -= count;
    }
    return pool.cidr().subnet(pool.blockSize(), index);
  }

  /** The 32-bit FNV-1a hash of the host name's UTF-8 bytes, as Calico seeds its generator. */
  static long seed(String host) {
    int hash = 0x811c9dc5;
    for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash & 0xffffffffL;
  }
}
