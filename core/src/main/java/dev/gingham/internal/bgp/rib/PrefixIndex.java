package dev.gingham.internal.bgp.rib;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the prefixes the RIBs hold with dense, reusable ids, so that every table is an int-keyed
 * map. An IPv4 prefix is a long key, {@code address << 8 | length}, kept once per id; its hash
 * table holds only ids (open addressing), 4 bytes a slot: the id in the low 24 bits and 8 bits of
 * the key's hash above them, so that probing past another key almost never reads that key (a random
 * memory access, which made the lookup the ingest's most expensive step). That bounds the index to
 * {@value #MAX_IDS} prefixes, sixteen times a full Internet table. The few IPv6 prefixes a table
 * holds live in ordinary maps. Each id has a reference count: a table that stores an id {@linkplain
 * #retain retains} it and {@linkplain #release releases} it when done; the id is freed at zero.
 *
 * <p>Lookups of IPv4 prefixes allocate nothing. Not thread-safe.
 */
public final class PrefixIndex {
  private static final long V6 = -2;

  /** The most prefixes an index holds at once. */
  public static final int MAX_IDS = (1 << 24) - 1;

  private static final int ID_BITS = 0xFF_FFFF;
  private int[] slots = new int[1024]; // fingerprint << 24 | id + 1 of an IPv4 prefix, 0 empty
  private int ipv4Size;
  private final Map<IpPrefix, Integer> ipv6 = new HashMap<>();
  private final Map<Integer, IpPrefix> ipv6ById = new HashMap<>();
  // Per id: its key and reference count, in pages, so that growing copies no id's data.
  private static final int SHIFT = 12;
  private static final int MASK = (1 << SHIFT) - 1;
  private long[][] keyPages = new long[4][];
  private int[][] refPages = new int[4][];
  private int nextId;
  private int[] freeIds = new int[64];
  private int freeCount;

  /** The key of an IPv4 prefix. */
  public static long ipv4Key(int address, int length) {
    return Integer.toUnsignedLong(address) << 8 | length;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  /** Eight bits of the key's hash that {@link #slot} does not use, in the top byte of a slot. */
  private static int fingerprint(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) << 24;
  }

  /** The id of an IPv4 prefix, creating it with no references if new. */
  public int ipv4(int address, int length) {
    long key = ipv4Key(address, length);
    int fingerprint = fingerprint(key);
    int mask = slots.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == 0) {
        if (freeCount == 0 && nextId >= MAX_IDS) {
          throw new IllegalStateException(
              "the prefix index is full: it holds at most " + MAX_IDS + " prefixes");
        }
        int id = allocate(key);
        slots[i] = fingerprint | (id + 1);
        if (++ipv4Size * 4 > slots.length * 3) {
          resize(slots.length * 2);
        }
        return id;
      }
      if ((s & ~ID_BITS) == fingerprint && key((s & ID_BITS) - 1) == key) {
        return (s & ID_BITS) - 1;
      }
    }
  }

  /** The id of an IPv4 prefix, or -1 if it has none. */
  public int findIpv4(int address, int length) {
    long key = ipv4Key(address, length);
    int fingerprint = fingerprint(key);
    int mask = slots.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == 0) {
        return -1;
      }
      if ((s & ~ID_BITS) == fingerprint && key((s & ID_BITS) - 1) == key) {
        return (s & ID_BITS) - 1;
      }
    }
  }

  /** Removes an IPv4 id from the hash table, shifting later entries of its run back. */
  private void removeIpv4(int id) {
    long key = key(id);
    int mask = slots.length - 1;
    int i = slot(key, mask);
    while ((slots[i] & ID_BITS) != id + 1) {
      i = (i + 1) & mask;
    }
    int gap = i;
    while (true) {
      i = (i + 1) & mask;
      int s = slots[i];
      if (s == 0) {
        break;
      }
      int home = slot(key((s & ID_BITS) - 1), mask);
      if (gap <= i ? (home <= gap || home > i) : (home <= gap && home > i)) {
        // s's home is not cyclically in (gap, i]: it moves back into the gap.
        slots[gap] = s;
        gap = i;
      }
    }
    slots[gap] = 0;
    ipv4Size--;
  }

  private void resize(int capacity) {
    int[] old = slots;
    slots = new int[capacity];
    int mask = capacity - 1;
    for (int s : old) {
      if (s != 0) {
        int i = slot(key((s & ID_BITS) - 1), mask);
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = s;
      }
    }
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
      if (freeCount == 0 && nextId >= MAX_IDS) {
        throw new IllegalStateException(
            "the prefix index is full: it holds at most " + MAX_IDS + " prefixes");
      }
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
    long key = key(id);
    if (key == V6) {
      return ipv6ById.get(id);
    }
    return IpPrefix.of(Ipv4Address.of((int) (key >>> 8)), (int) (key & 0xFF));
  }

  /** Whether a live id is an IPv4 prefix. */
  public boolean isIpv4(int id) {
    return key(id) != V6;
  }

  /** The IPv4 key of a live IPv4 id. */
  public long ipv4KeyOf(int id) {
    return key(id);
  }

  /** Adds a reference to an id. */
  public void retain(int id) {
    refPages[id >>> SHIFT][id & MASK]++;
  }

  /** Drops a reference to an id, freeing it at zero. */
  public void release(int id) {
    if (--refPages[id >>> SHIFT][id & MASK] == 0) {
      long key = key(id);
      if (key == V6) {
        ipv6.remove(ipv6ById.remove(id));
      } else {
        removeIpv4(id);
      }
      if (freeCount == freeIds.length) {
        freeIds = Arrays.copyOf(freeIds, freeCount * 2);
      }
      freeIds[freeCount++] = id;
    }
  }

  /** The number of live ids. */
  public int size() {
    return ipv4Size + ipv6.size();
  }

  private long key(int id) {
    return keyPages[id >>> SHIFT][id & MASK];
  }

  private int allocate(long key) {
    int id;
    if (freeCount > 0) {
      id = freeIds[--freeCount];
    } else {
      id = nextId++;
      int p = id >>> SHIFT;
      if (p == keyPages.length) {
        keyPages = Arrays.copyOf(keyPages, p * 2);
        refPages = Arrays.copyOf(refPages, p * 2);
      }
      if (keyPages[p] == null) {
        keyPages[p] = new long[1 << SHIFT];
        refPages[p] = new int[1 << SHIFT];
      }
    }
    keyPages[id >>> SHIFT][id & MASK] = key;
    refPages[id >>> SHIFT][id & MASK] = 0;
    return id;
  }
}
