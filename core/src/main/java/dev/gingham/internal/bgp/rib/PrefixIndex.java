package dev.gingham.internal.bgp.rib;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the prefixes the RIBs hold with dense, reusable ids, so that every table is an int-keyed
 * map. An IPv4 prefix is a long key, {@code address << 8 | length}, in a primitive map; the few
 * IPv6 prefixes a table holds live in ordinary maps. Each id has a reference count: a table that
 * stores an id {@linkplain #retain retains} it and {@linkplain #release releases} it when done; the
 * id is freed at zero.
 *
 * <p>Lookups of IPv4 prefixes allocate nothing. Not thread-safe.
 */
public final class PrefixIndex {
  private static final long V6 = -2;

  private final LongIntMap ipv4 = new LongIntMap();
  private final Map<IpPrefix, Integer> ipv6 = new HashMap<>();
  private final Map<Integer, IpPrefix> ipv6ById = new HashMap<>();
  private long[] keyById = new long[1024];
  private int[] refs = new int[1024];
  private int nextId;
  private int[] freeIds = new int[64];
  private int freeCount;
  private final java.util.function.LongToIntFunction allocator = this::allocate;

  /** The key of an IPv4 prefix. */
  public static long ipv4Key(int address, int length) {
    return Integer.toUnsignedLong(address) << 8 | length;
  }

  /** The id of an IPv4 prefix, creating it with no references if new. */
  public int ipv4(int address, int length) {
    return ipv4.computeIfAbsent(ipv4Key(address, length), allocator);
  }

  /** The id of an IPv4 prefix, or -1 if it has none. */
  public int findIpv4(int address, int length) {
    return ipv4.get(ipv4Key(address, length));
  }

  /** The id of an IPv6 prefix, creating it if new. */
  public int ipv6(long high, long low, int length) {
    return id(IpPrefix.of(Ipv6Address.of(high, low), length));
  }

  /** The id of a prefix of either family, creating it if new. */
  public int id(IpPrefix prefix) {
    if (prefix.network() instanceof Ipv4Address) {
      return ipv4(((Ipv4Address) prefix.network()).toInt(), prefix.length());
    }
    Integer id = ipv6.get(prefix);
    if (id == null) {
      id = allocate(V6);
      ipv6.put(prefix, id);
      ipv6ById.put(id, prefix);
    }
    return id;
  }

  /** The id of a prefix, or -1 if it has none. */
  public int find(IpPrefix prefix) {
    if (prefix.network() instanceof Ipv4Address) {
      return findIpv4(((Ipv4Address) prefix.network()).toInt(), prefix.length());
    }
    Integer id = ipv6.get(prefix);
    return id == null ? -1 : id;
  }

  /** The prefix of a live id. */
  public IpPrefix prefix(int id) {
    long key = keyById[id];
    if (key == V6) {
      return ipv6ById.get(id);
    }
    return IpPrefix.of(Ipv4Address.of((int) (key >>> 8)), (int) (key & 0xFF));
  }

  /** Whether a live id is an IPv4 prefix. */
  public boolean isIpv4(int id) {
    return keyById[id] != V6;
  }

  /** The IPv4 key of a live IPv4 id. */
  public long ipv4KeyOf(int id) {
    return keyById[id];
  }

  /** Adds a reference to an id. */
  public void retain(int id) {
    refs[id]++;
  }

  /** Drops a reference to an id, freeing it at zero. */
  public void release(int id) {
    if (--refs[id] == 0) {
      long key = keyById[id];
      if (key == V6) {
        ipv6.remove(ipv6ById.remove(id));
      } else {
        ipv4.remove(key);
      }
      if (freeCount == freeIds.length) {
        freeIds = Arrays.copyOf(freeIds, freeCount * 2);
      }
      freeIds[freeCount++] = id;
    }
  }

  /** The number of live ids. */
  public int size() {
    return ipv4.size() + ipv6.size();
  }

  private int allocate(long key) {
    int id;
    if (freeCount > 0) {
      id = freeIds[--freeCount];
    } else {
      id = nextId++;
      if (id == keyById.length) {
        int capacity = id + (id >> 1);
        keyById = Arrays.copyOf(keyById, capacity);
        refs = Arrays.copyOf(refs, capacity);
      }
    }
    keyById[id] = key;
    refs[id] = 0;
    return id;
  }
}
