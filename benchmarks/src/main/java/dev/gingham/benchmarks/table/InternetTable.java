package dev.gingham.benchmarks.table;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic full Internet routing table: by default 1,000,000 IPv4 and 200,000 IPv6 prefixes with
 * the public table's prefix-length distribution, clustered inside address allocations as real
 * tables are, each with one of about 400,000 distinct {@link AttributeSet}s. The same seed gives
 * the same table.
 *
 * <p>The length mixes follow the CIDR Report and bgp.potaroo.net figures for a table of this size:
 * IPv4 /24 about 60%, /22 and /23 next (11% each), /20 and /21 about 4.5% each, /16 about 1.4%;
 * IPv6 /48 about 45%, /32 about 12%, /44 and /40 next. IPv4 prefixes lie in 1.0.0.0-223.255.255.255
 * outside 10/8, 127/8, 172.16/12 and 192.168/16; IPv6 ones in 2000::/3.
 *
 * <p>Clustering: a prefix longer than /16 (IPv4) or /32 (IPv6) usually falls inside one of a fixed
 * set of allocations (about 71,000 IPv4 blocks of /14 to /22, mostly /20 to /22 as RIR delegations
 * are, and 29,000 IPv6 blocks of /20 to /32), as holders announce their space cut up; the rest are
 * placed anywhere. This is what gives a real table its shape for a trie: dense regions and wide
 * empty ones. Each allocation's holder (the origin AS) has its own few attribute sets, most through
 * one home peer, so that neighbouring prefixes of one holder usually share a next hop, as they do
 * in a real FIB; a prefix outside any allocation takes a random set.
 *
 * <p>Plain Java with no benchmark dependency. The BGP benchmarks' {@link FeedTable} takes its
 * prefixes from here ({@link #prefixes}), so that the FIB and the BGP benchmarks share one
 * generator of Internet-like prefixes.
 */
public final class InternetTable {
  /** Default seed. */
  public static final long SEED = 0x6769_6e67_6861_6dL;

  // IPv4 lengths 8..32 and their weights (per million).
  private static final int[] V4_WEIGHTS = {
    16, 13, 37, 105, 300, 600, 1_100, 1_900, 14_000, 8_500, 14_500, 26_000, 45_000, 48_000, 112_000,
    110_000, 606_000, 400, 300, 300, 300, 300, 300, 200, 1_500
  };
  private static final int V4_MIN = 8;

  // Lengths /14../22 of the address blocks holders announce from, and their weights: RIR
  // delegations are mostly small (the /22s of the last-/8 policies, many /20s and /21s), a few
  // large.
  private static final int[] V4_ALLOCATION_WEIGHTS = {2, 3, 6, 8, 10, 12, 14, 15, 30};
  private static final int V4_ALLOCATION_MIN = 14;

  // IPv6 lengths 16..128 that appear, and their weights (per thousand).
  private static final int[] V6_LENGTHS = {
    19, 20, 22, 24, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 38, 40, 42, 44, 45, 46, 47, 48, 56,
    64, 128
  };
  private static final int[] V6_WEIGHTS = {
    1, 2, 2, 3, 2, 2, 10, 30, 8, 4, 120, 15, 12, 8, 40, 10, 60, 18, 80, 20, 40, 25, 450, 6, 6, 1
  };

  private final List<IpPrefix> ipv4;
  private final List<IpPrefix> ipv6;
  private final int[] ipv4Attributes;
  private final int[] ipv6Attributes;
  private final List<AttributeSet> attributeSets;

  private InternetTable(
      List<IpPrefix> ipv4,
      List<IpPrefix> ipv6,
      int[] ipv4Attributes,
      int[] ipv6Attributes,
      List<AttributeSet> attributeSets) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.ipv4Attributes = ipv4Attributes;
    this.ipv6Attributes = ipv6Attributes;
    this.attributeSets = attributeSets;
  }

  /** The default table: 1,000,000 IPv4, 200,000 IPv6 prefixes, 400,000 attribute sets. */
  public static InternetTable generate() {
    return generate(SEED, 1_000_000, 200_000, 400_000, 32);
  }

  /**
   * A table.
   *
   * @param seed the random seed
   * @param ipv4Count how many distinct IPv4 prefixes
   * @param ipv6Count how many distinct IPv6 prefixes
   * @param attributeSetCount how many distinct attribute sets
   * @param peers how many peers (next hops) the routes come from
   */
  public static InternetTable generate(
      long seed, int ipv4Count, int ipv6Count, int attributeSetCount, int peers) {
    SplittableRandom random = new SplittableRandom(seed);
    int v4Allocations = Math.max(1, ipv4Count / 14);
    int v6Allocations = Math.max(1, ipv6Count / 7);
    // Each allocation's holder reaches the world through a few paths, mostly via one peer.
    int[][] setsOf = new int[v4Allocations + v6Allocations][];
    List<AttributeSet> sets = generateAttributes(random.split(), attributeSetCount, peers, setsOf);
    List<IpPrefix> v4 = new ArrayList<>(ipv4Count);
    List<IpPrefix> v6 = new ArrayList<>(ipv6Count);
    int[] a4 = new int[ipv4Count];
    int[] a6 = new int[ipv6Count];
    generatePrefixes(random, v4Allocations, v6Allocations, v4, v6, a4, a6);
    SplittableRandom pick = random.split();
    for (int i = 0; i < a4.length; i++) {
      a4[i] = chooseSet(pick, a4[i], setsOf, sets.size());
    }
    for (int i = 0; i < a6.length; i++) {
      a6[i] = chooseSet(pick, a6[i] < 0 ? -1 : v4Allocations + a6[i], setsOf, sets.size());
    }
    return new InternetTable(List.copyOf(v4), List.copyOf(v6), a4, a6, List.copyOf(sets));
  }

  /**
   * The prefixes alone, without attribute sets: the same ones, in the same order, as {@link
   * #ipv4()} and {@link #ipv6()} of {@code generate(seed, ipv4Count, ipv6Count, any, any)}, at a
   * fraction of the cost. The BGP benchmarks' {@link FeedTable} takes its prefixes from here.
   *
   * @return the IPv4 prefixes and the IPv6 prefixes, in random order, distinct
   */
  public static Prefixes prefixes(long seed, int ipv4Count, int ipv6Count) {
    SplittableRandom random = new SplittableRandom(seed);
    random.split(); // the attribute sets' stream in generate(), so that the prefixes are the same
    List<IpPrefix> v4 = new ArrayList<>(ipv4Count);
    List<IpPrefix> v6 = new ArrayList<>(ipv6Count);
    generatePrefixes(
        random,
        Math.max(1, ipv4Count / 14),
        Math.max(1, ipv6Count / 7),
        v4,
        v6,
        new int[ipv4Count],
        new int[ipv6Count]);
    return new Prefixes(List.copyOf(v4), List.copyOf(v6));
  }

  /**
   * The prefixes of a table without its attributes.
   *
   * @param ipv4 the IPv4 prefixes, distinct
   * @param ipv6 the IPv6 prefixes, distinct
   */
  public record Prefixes(List<IpPrefix> ipv4, List<IpPrefix> ipv6) {}

  private static void generatePrefixes(
      SplittableRandom random,
      int v4Allocations,
      int v6Allocations,
      List<IpPrefix> v4,
      List<IpPrefix> v6,
      int[] a4,
      int[] a6) {
    generateIpv4(random.split(), a4.length, v4Allocations, v4, a4);
    generateIpv6(random.split(), a6.length, v6Allocations, v6, a6);
  }

  private static int chooseSet(SplittableRandom random, int allocation, int[][] setsOf, int all) {
    if (allocation < 0) {
      return random.nextInt(all);
    }
    int[] own = setsOf[allocation];
    return own[skewed(random, own.length)];
  }

  /** The IPv4 prefixes, in random order, distinct. */
  public List<IpPrefix> ipv4() {
    return ipv4;
  }

  /** The IPv6 prefixes, in random order, distinct. */
  public List<IpPrefix> ipv6() {
    return ipv6;
  }

  /** The index in {@link #attributeSets()} of the i-th IPv4 prefix's attributes. */
  public int ipv4Attributes(int i) {
    return ipv4Attributes[i];
  }

  /** The index in {@link #attributeSets()} of the i-th IPv6 prefix's attributes. */
  public int ipv6Attributes(int i) {
    return ipv6Attributes[i];
  }

  /** The distinct attribute sets. */
  public List<AttributeSet> attributeSets() {
    return attributeSets;
  }

  /**
   * Fills {@code out} with distinct prefixes, and {@code allocationOf} with each one's allocation
   * or -1.
   */
  private static void generateIpv4(
      SplittableRandom random, int count, int allocations, List<IpPrefix> out, int[] allocationOf) {
    int[] allocBase = new int[allocations];
    int[] allocLength = new int[allocations];
    long allocWeightSum = 0;
    for (int w : V4_ALLOCATION_WEIGHTS) {
      allocWeightSum += w;
    }
    for (int i = 0; i < allocations; i++) {
      int length = V4_ALLOCATION_MIN + pick(random, V4_ALLOCATION_WEIGHTS, allocWeightSum);
      allocLength[i] = length;
      allocBase[i] = unicastIpv4(random) & (int) (-1L << (32 - length));
    }
    long weightSum = 0;
    for (int w : V4_WEIGHTS) {
      weightSum += w;
    }
    Set<IpPrefix> seen = new HashSet<>(count * 2);
    while (out.size() < count) {
      int length = V4_MIN + pick(random, V4_WEIGHTS, weightSum);
      int address;
      int a = random.nextInt(allocations);
      if (length > 16 && length >= allocLength[a] && random.nextInt(10) < 9) {
        int hostBits = 32 - allocLength[a];
        address = allocBase[a] | random.nextInt(1 << hostBits);
      } else {
        address = unicastIpv4(random);
        a = -1;
      }
      IpPrefix p = IpPrefix.ofMasking(Ipv4Address.of(address), length);
      if (seen.add(p)) {
        allocationOf[out.size()] = a;
        out.add(p);
      }
    }
  }

  private static int unicastIpv4(SplittableRandom random) {
    while (true) {
      int a = random.nextInt();
      int first = a >>> 24;
      if (first == 0 || first == 10 || first == 127 || first >= 224) {
        continue;
      }
      if ((a >>> 20) == 0xAC1 || (a >>> 16) == 0xC0A8) {
        continue; // 172.16/12, 192.168/16
      }
      return a;
    }
  }

  /**
   * Fills {@code out} with distinct prefixes, and {@code allocationOf} with each one's allocation
   * or -1.
   */
  private static void generateIpv6(
      SplittableRandom random, int count, int allocations, List<IpPrefix> out, int[] allocationOf) {
    long[] allocBase = new long[allocations];
    int[] allocLength = new int[allocations];
    for (int i = 0; i < allocations; i++) {
      int length = 20 + random.nextInt(13); // /20../32
      allocLength[i] = length;
      allocBase[i] = global(random) & (-1L << (64 - length));
    }
    long weightSum = 0;
    for (int w : V6_WEIGHTS) {
      weightSum += w;
    }
    Set<IpPrefix> seen = new HashSet<>(count * 2);
    while (out.size() < count) {
      int length = V6_LENGTHS[pick(random, V6_WEIGHTS, weightSum)];
      long high;
      int a = random.nextInt(allocations);
      if (length > 32 && length >= allocLength[a] && random.nextInt(10) < 9) {
        int hostBits = 64 - allocLength[a];
        high = allocBase[a] | (random.nextLong() >>> (64 - hostBits));
      } else {
        high = global(random);
        a = -1;
      }
      long low = random.nextLong();
      IpPrefix p = IpPrefix.ofMasking(Ipv6Address.of(high, low), length);
      if (seen.add(p)) {
        allocationOf[out.size()] = a;
        out.add(p);
      }
    }
  }

  /** The high word of a random address in 2000::/3. */
  private static long global(SplittableRandom random) {
    return (random.nextLong() >>> 3) | 0x2000_0000_0000_0000L;
  }

  /**
   * Makes {@code count} distinct sets, shared out among the allocations: each allocation's holder
   * (the origin AS, last on the path) gets a few, most of them through one home peer.
   */
  private static List<AttributeSet> generateAttributes(
      SplittableRandom random, int count, int peers, int[][] setsOf) {
    Set<AttributeSet> seen = new HashSet<>(count * 2);
    List<AttributeSet> out = new ArrayList<>(count);
    int holders = setsOf.length;
    for (int h = 0; h < holders; h++) {
      int own = count / holders + (h < count % holders ? 1 : 0);
      setsOf[h] = new int[Math.max(1, own)];
      int origin = h < 60_000 ? 1 + h : 131_072 + h;
      int homePeer = random.nextInt(peers);
      for (int k = 0; k < setsOf[h].length; k++) {
        AttributeSet set;
        do {
          int hops = 3 + random.nextInt(4);
          int[] path = new int[hops];
          int peer = random.nextInt(10) < 8 ? homePeer : random.nextInt(peers);
          path[0] = 64_512 + peer; // the peer's own AS first
          for (int i = 1; i < hops - 1; i++) {
            path[i] = 1 + random.nextInt(65_000);
          }
          path[hops - 1] = origin;
          int[] communities = new int[random.nextInt(4)];
          for (int i = 0; i < communities.length; i++) {
            communities[i] = (path[0] << 16) | random.nextInt(1_000);
          }
          set =
              new AttributeSet(
                  path, peer, random.nextInt(10) < 9 ? 0 : 2, random.nextInt(3) * 100, communities);
        } while (!seen.add(set));
        setsOf[h][k] = out.size();
        out.add(set);
      }
    }
    return out;
  }

  private static int pick(SplittableRandom random, int[] weights, long sum) {
    long r = random.nextLong(sum);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int skewed(SplittableRandom random, int n) {
    // Squaring a uniform draw favours small indices: a holder's first path is its usual one.
    double u = random.nextDouble();
    return (int) (u * u * n);
  }
}
