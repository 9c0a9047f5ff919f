package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Block;
import dev.gingham.ipam.BlockUsage;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpamUsage;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts how pools are used. Blocks that exist are counted ordinal by ordinal; the space not yet
 * cut into blocks is counted by arithmetic over the reserved CIDRs and block edges, so that an IPv6
 * pool of 2<sup>64</sup> addresses costs no more than a small one.
 */
final class UsageReport {
  private UsageReport() {}

  static IpamUsage of(Settings s, List<Versioned<Block>> blocks) {
    List<PoolUsage> pools = new ArrayList<>();
    for (IpPool pool : s.pools()) {
      List<BlockUsage> usages = new ArrayList<>();
      long inUse = 0;
      long reservedInBlocks = 0;
      long reservableInBlocks = 0;
      for (Versioned<Block> v : blocks) {
        Block b = v.value();
        if (s.poolOfBlock(b.cidr()) != pool) {
          continue;
        }
        long[] mask = s.reservedMask(b.cidr(), pool);
        int reserved = b.countFreeMarked(mask);
        usages.add(
            new BlockUsage(
                b.cidr(),
                b.affinity(),
                b.size(),
                b.inUse(),
                reserved,
                b.size() - b.inUse() - reserved));
        inUse += b.inUse();
        reservedInBlocks += reserved;
        reservableInBlocks += bitCount(mask);
      }
      usages.sort(Comparator.comparing(BlockUsage::cidr));
      // Reserved in the whole pool as if every block were empty, corrected for the blocks that
      // exist: there only free addresses count as reserved.
      BigInteger reserved =
          reservedIfEmpty(pool, s)
              .subtract(BigInteger.valueOf(reservableInBlocks))
              .add(BigInteger.valueOf(reservedInBlocks));
      BigInteger size = pool.cidr().size();
      BigInteger free = size.subtract(BigInteger.valueOf(inUse)).subtract(reserved);
      pools.add(new PoolUsage(pool.name(), pool.cidr(), size, inUse, reserved, free, usages));
    }
    return new IpamUsage(pools);
  }

  /**
   * How many addresses of a pool are never handed out: the union of its reserved CIDRs and the
   * edges of all its blocks, {@code |R| + |E| - |R ∩ E|}.
   */
  static BigInteger reservedIfEmpty(IpPool pool, Settings s) {
    int perBlock = pool.addressesPerBlock();
    int start = pool.reservedAtBlockStart();
    int end = pool.reservedAtBlockEnd();
    BigInteger blocks = BigInteger.ONE.shiftLeft(pool.blockSize() - pool.cidr().length());
    BigInteger edges = blocks.multiply(BigInteger.valueOf(start + end));
    BigInteger reserved = BigInteger.ZERO;
    BigInteger overlap = BigInteger.ZERO;
    for (IpPrefix r : disjointWithin(pool.cidr(), s.reserved(pool.family()))) {
      reserved = reserved.add(r.size());
      if (r.length() <= pool.blockSize()) {
        overlap =
            overlap.add(
                r.size()
                    .shiftRight(pool.cidr().network().bitLength() - pool.blockSize())
                    .multiply(BigInteger.valueOf(start + end)));
      } else {
        IpPrefix block = IpPrefix.ofMasking(r.network(), pool.blockSize());
        long lo = block.ordinal(r.first());
        long hi = block.ordinal(r.last());
        overlap =
            overlap.add(
                BigInteger.valueOf(
                    overlapCount(lo, hi, 0, start - 1)
                        + overlapCount(lo, hi, perBlock - end, perBlock - 1)));
      }
    }
    return reserved.add(edges).subtract(overlap);
  }

  /**
   * The reserved CIDRs that fall in a pool, clipped to it, without those inside another: CIDRs
   * either nest or are disjoint, so what is left is disjoint.
   */
  static List<IpPrefix> disjointWithin(IpPrefix pool, List<IpPrefix> reserved) {
    List<IpPrefix> inside = new ArrayList<>();
    for (IpPrefix r : reserved) {
      if (r.contains(pool)) {
        inside.add(pool);
      } else if (pool.contains(r)) {
        inside.add(r);
      }
    }
    inside.sort(Comparator.comparingInt(IpPrefix::length)); // outer ones first
    List<IpPrefix> disjoint = new ArrayList<>();
    for (IpPrefix r : inside) {
      boolean covered = false;
      for (IpPrefix kept : disjoint) {
        covered |= kept.contains(r);
      }
      if (!covered) {
        disjoint.add(r);
      }
    }
    return disjoint;
  }

  private static long overlapCount(long lo, long hi, long from, long to) {
    long a = Math.max(lo, from);
    long b = Math.min(hi, to);
    return b >= a ? b - a + 1 : 0;
  }

  private static int bitCount(long[] mask) {
    int n = 0;
    for (long word : mask) {
      n += Long.bitCount(word);
    }
    return n;
  }
}
