package dev.gingham.benchmarks.route;

import dev.gingham.benchmarks.table.AttributeSet;
import dev.gingham.benchmarks.table.InternetTable;
import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.List;
import java.util.SplittableRandom;

/** The full table loaded into the structures under test, and lookup keys drawn from it. */
final class Tables {
  /** How many peers the routes come from: the FIB's distinct next hops. */
  static final int PEERS = 32;

  private Tables() {}

  /** One value object per peer, shared by every prefix from that peer, as next hops are. */
  static String[] nextHops() {
    String[] hops = new String[PEERS];
    for (int i = 0; i < PEERS; i++) {
      hops[i] = "peer" + i;
    }
    return hops;
  }

  /** The table in a Gingham map, IPv4 and IPv6, compacted. */
  static PoptriePrefixMap<String> load(InternetTable table, String[] hops) {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>();
    List<AttributeSet> sets = table.attributeSets();
    List<IpPrefix> v4 = table.ipv4();
    for (int i = 0; i < v4.size(); i++) {
      map.put(v4.get(i), hops[sets.get(table.ipv4Attributes(i)).nextHop()]);
    }
    List<IpPrefix> v6 = table.ipv6();
    for (int i = 0; i < v6.size(); i++) {
      map.put(v6.get(i), hops[sets.get(table.ipv6Attributes(i)).nextHop()]);
    }
    map.compact();
    return map;
  }

  /**
   * IPv4 keys: uniformly random 32-bit numbers, or random addresses inside random prefixes of the
   * table (each lookup then ends in a route, usually a /24 deep in the trie).
   */
  static int[] ipv4Keys(InternetTable table, String kind, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] keys = new int[count];
    List<IpPrefix> v4 = table.ipv4();
    for (int i = 0; i < count; i++) {
      if (kind.equals("uniform")) {
        keys[i] = random.nextInt();
      } else {
        IpPrefix p = v4.get(random.nextInt(v4.size()));
        int host = p.length() == 32 ? 0 : random.nextInt() >>> p.length();
        keys[i] = ((Ipv4Address) p.network()).toInt() | host;
      }
    }
    return keys;
  }

  /** IPv6 keys, two longs each: random addresses inside random prefixes of the table. */
  static long[] ipv6Keys(InternetTable table, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[2 * count];
    List<IpPrefix> v6 = table.ipv6();
    for (int i = 0; i < count; i++) {
      IpPrefix p = v6.get(random.nextInt(v6.size()));
      Ipv6Address n = (Ipv6Address) p.network();
      long high = n.high();
      long low = n.low();
      int len = p.length();
      long rh = random.nextLong();
      long rl = random.nextLong();
      if (len < 64) {
        high |= rh >>> len;
        low = rl;
      } else if (len < 128) {
        low |= rl >>> (len - 64);
      }
      keys[2 * i] = high;
      keys[2 * i + 1] = low;
    }
    return keys;
  }
}
