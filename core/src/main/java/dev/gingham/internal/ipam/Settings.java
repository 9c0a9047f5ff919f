package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Block;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The pools, reservations and configuration, as read at one revision of the settings epoch: an
 * immutable snapshot that every operation takes its decisions from and whose revision its write
 * compares. Holds memos of the reserved-ordinal masks of blocks, which depend on nothing else.
 * Thread-safe.
 */
final class Settings {
  private static final Settings EMPTY = new Settings(0, 0, List.of(), null, List.of());

  private final long revision;
  private final long epoch;
  private final Map<String, Versioned<IpPool>> pools;
  private final List<IpPool> poolList;
  private final @Nullable Versioned<IpamConfig> config;
  private final Map<String, Versioned<IpReservation>> reservations;
  private final List<IpPrefix> reservedV4;
  private final List<IpPrefix> reservedV6;
  private final ConcurrentHashMap<String, long[]> edgeMasks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<IpPrefix, long[]> blockMasks = new ConcurrentHashMap<>();

  Settings(
      long revision,
      long epoch,
      List<Versioned<IpPool>> pools,
      @Nullable Versioned<IpamConfig> config,
      List<Versioned<IpReservation>> reservations) {
    this.revision = revision;
    this.epoch = epoch;
    TreeMap<String, Versioned<IpPool>> byName = new TreeMap<>();
    for (Versioned<IpPool> pool : pools) {
      byName.put(pool.value().name(), pool);
    }
    this.pools = Collections.unmodifiableMap(byName);
    List<IpPool> list = new ArrayList<>();
    for (Versioned<IpPool> pool : byName.values()) {
      list.add(pool.value());
    }
    this.poolList = List.copyOf(list);
    this.config = config;
    TreeMap<String, Versioned<IpReservation>> reservationsByName = new TreeMap<>();
    List<IpPrefix> v4 = new ArrayList<>();
    List<IpPrefix> v6 = new ArrayList<>();
    for (Versioned<IpReservation> r : reservations) {
      reservationsByName.put(r.value().name(), r);
      for (IpPrefix cidr : r.value().cidrs()) {
        (cidr.family() == IpFamily.IPV4 ? v4 : v6).add(cidr);
      }
    }
    this.reservations = Collections.unmodifiableMap(reservationsByName);
    this.reservedV4 = List.copyOf(v4);
    this.reservedV6 = List.copyOf(v6);
  }

  /** The settings of a store that has none. */
  static Settings empty() {
    return EMPTY;
  }

  /** The revision of the settings epoch record these were read at; 0 when it is absent. */
  long revision() {
    return revision;
  }

  /** The epoch: how many times the settings were written. */
  long epoch() {
    return epoch;
  }

  IpamConfig config() {
    return config == null ? IpamConfig.DEFAULT : config.value();
  }

  long configRevision() {
    return Records.revisionOf(config);
  }

  /** Every pool, in name order. */
  List<IpPool> pools() {
    return poolList;
  }

  @Nullable Versioned<IpPool> poolRecord(String name) {
    return pools.get(name);
  }

  /** Every reservation, in name order. */
  List<Versioned<IpReservation>> reservationRecords() {
    return List.copyOf(reservations.values());
  }

  @Nullable Versioned<IpReservation> reservationRecord(String name) {
    return reservations.get(name);
  }

  /** Every reserved CIDR of a family, from every reservation. */
  List<IpPrefix> reserved(IpFamily family) {
    return family == IpFamily.IPV4 ? reservedV4 : reservedV6;
  }

  /** The pool whose CIDR contains an address, or null. Allocates nothing. */
  @Nullable IpPool poolContaining(IpAddress address) {
    for (int i = 0; i < poolList.size(); i++) {
      IpPool pool = poolList.get(i);
      if (pool.cidr().contains(address)) {
        return pool;
      }
    }
    return null;
  }

  /** The pool a block belongs to: one that contains it and cuts blocks of its size. */
  @Nullable IpPool poolOfBlock(IpPrefix block) {
    for (int i = 0; i < poolList.size(); i++) {
      IpPool pool = poolList.get(i);
      if (pool.blockSize() == block.length() && pool.cidr().contains(block)) {
        return pool;
      }
    }
    return null;
  }

  /**
   * The ordinals of a block that are never handed out, as a mask of {@link Block#maskWords} longs:
   * the pool's block edges and every reservation. The array is shared: copy it to change it.
   */
  long[] reservedMask(IpPrefix block, IpPool pool) {
    long[] edges = edgeMasks.get(pool.name());
    if (edges == null) {
      edges = edgeMasks.computeIfAbsent(pool.name(), n -> edgeMask(pool));
    }
    List<IpPrefix> reserved = reserved(block.family());
    for (int i = 0; i < reserved.size(); i++) {
      if (reserved.get(i).overlaps(block)) {
        long[] mask = blockMasks.get(block);
        if (mask == null) {
          long[] base = edges;
          mask = blockMasks.computeIfAbsent(block, b -> withReservations(b, base));
        }
        return mask;
      }
    }
    return edges;
  }

  /** Whether every ordinal of a block is reserved, so that claiming it is pointless. */
  boolean fullyReserved(IpPrefix block, IpPool pool) {
    List<IpPrefix> reserved = reserved(block.family());
    for (int i = 0; i < reserved.size(); i++) {
      IpPrefix r = reserved.get(i);
      if (r.contains(block)) {
        return true;
      }
    }
    long[] mask = reservedMask(block, pool);
    int size = pool.addressesPerBlock();
    int set = 0;
    for (long word : mask) {
      set += Long.bitCount(word);
    }
    return set == size;
  }

  /** What keeps an address from being handed out, for a message; null when nothing does. */
  @Nullable String reservedBy(IpAddress address, IpPool pool) {
    for (Versioned<IpReservation> r : reservations.values()) {
      for (IpPrefix cidr : r.value().cidrs()) {
        if (cidr.contains(address)) {
          return "reservation '" + r.value().name() + "' (" + cidr + ")";
        }
      }
    }
    IpPrefix block = IpPrefix.ofMasking(address, pool.blockSize());
    long ordinal = block.ordinal(address);
    int size = pool.addressesPerBlock();
    if (ordinal < pool.reservedAtBlockStart() || ordinal >= size - pool.reservedAtBlockEnd()) {
      return "pool '"
          + pool.name()
          + "', which keeps "
          + pool.reservedAtBlockStart()
          + " at the start and "
          + pool.reservedAtBlockEnd()
          + " at the end of every block";
    }
    return null;
  }

  private static long[] edgeMask(IpPool pool) {
    int size = pool.addressesPerBlock();
    long[] mask = new long[Block.maskWords(size)];
    setRange(mask, 0, pool.reservedAtBlockStart());
    setRange(mask, size - pool.reservedAtBlockEnd(), size);
    return mask;
  }

  private long[] withReservations(IpPrefix block, long[] edges) {
    long[] mask = edges.clone();
    int size = Block.sizeOf(block);
    for (IpPrefix r : reserved(block.family())) {
      if (r.contains(block)) {
        setRange(mask, 0, size);
      } else if (block.contains(r)) {
        setRange(mask, (int) block.ordinal(r.first()), (int) block.ordinal(r.last()) + 1);
      }
    }
    return mask;
  }

  /** Sets the bits {@code [from, to)}. */
  static void setRange(long[] mask, int from, int to) {
    for (int i = from; i < to; i++) {
      mask[i >>> 6] |= 1L << i;
    }
  }
}
