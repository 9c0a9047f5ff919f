package dev.gingham.benchmarks.table;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.Community;
import dev.gingham.bgp.LargeCommunity;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.bgp.PeerIdentity;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.internal.bgp.wire.PrefixBatch;
import dev.gingham.internal.bgp.wire.SessionCodec;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded, Internet-like full table as one transit peer would send it: unique IPv4 and IPv6
 * prefixes with the prefix-length distributions of the public tables, AS paths with its path-length
 * distribution (a fifth of the ASes 4-octet, one path in ten prepended), and a given number of
 * distinct attribute sets, each used by at least one prefix and the popular ones by many, as
 * origins with many prefixes make them. Every route has the feeder's next hop.
 *
 * <p>The same {@link Spec} always gives the same table. {@code variant} changes the MED of every
 * attribute set but nothing else, so that loading variant 1 over variant 0 replaces every route.
 * Immutable once generated.
 */
public final class FeedTable {
  /** The feeder's AS, the first hop of every path. */
  public static final long FEEDER_AS = 64_512;

  /** The feeder's IPv4 next hop. */
  public static final Ipv4Address IPV4_NEXT_HOP = Ipv4Address.parse("192.0.2.1");

  /** The feeder's IPv6 next hop. */
  public static final Ipv6Address IPV6_NEXT_HOP = (Ipv6Address) IpAddress.parse("2001:db8::1");

  /**
   * What to generate.
   *
   * @param seed the seed
   * @param ipv4 the number of IPv4 prefixes
   * @param ipv6 the number of IPv6 prefixes
   * @param attributeSets the number of distinct attribute sets, split between the families in
   *     proportion to their prefixes
   * @param variant 0, or another value to shift every MED
   */
  public record Spec(long seed, int ipv4, int ipv6, int attributeSets, int variant) {
    /** The full table of the issue: 1,000,000 IPv4 and 200,000 IPv6 prefixes, 400,000 sets. */
    public static final Spec FULL = new Spec(42, 1_000_000, 200_000, 400_000, 0);

    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException if a count is negative, or there are more sets than
     *     prefixes, or prefixes but no sets
     */
    public Spec {
      if (ipv4 < 0 || ipv6 < 0 || attributeSets < 0) {
        throw new IllegalArgumentException(
            "counts must not be negative: " + ipv4 + ", " + ipv6 + ", " + attributeSets);
      }
      if (attributeSets > ipv4 + ipv6 || (attributeSets == 0 && ipv4 + ipv6 > 0)) {
        throw new IllegalArgumentException(
            "attribute sets must be 1.." + (ipv4 + ipv6) + ", was " + attributeSets);
      }
    }

    /** This spec with another variant. */
    public Spec withVariant(int v) {
      return new Spec(seed, ipv4, ipv6, attributeSets, v);
    }
  }

  private final Spec spec;
  private final long[] v4Keys; // address << 8 | length, sorted
  private final long[] v6Keys; // high 64 bits | length (every length is <= 64), sorted
  private final int[] v4Set;
  private final int[] v6Set;
  private final PathAttributes[] v4Pool;
  private final PathAttributes[] v6Pool;

  private FeedTable(
      Spec spec,
      long[] v4Keys,
      long[] v6Keys,
      int[] v4Set,
      int[] v6Set,
      PathAttributes[] v4Pool,
      PathAttributes[] v6Pool) {
    this.spec = spec;
    this.v4Keys = v4Keys;
    this.v6Keys = v6Keys;
    this.v4Set = v4Set;
    this.v6Set = v6Set;
    this.v4Pool = v4Pool;
    this.v6Pool = v6Pool;
  }

  /** Generates the table a spec describes. */
  public static FeedTable generate(Spec spec) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    long[] v4 = uniqueKeys(spec.ipv4(), random.split(), false);
    long[] v6 = uniqueKeys(spec.ipv6(), random.split(), true);
    int total = spec.ipv4() + spec.ipv6();
    int v4Sets =
        total == 0 ? 0 : (int) Math.round((double) spec.attributeSets() * spec.ipv4() / total);
    v4Sets = Math.min(Math.max(v4Sets, spec.ipv4() > 0 ? 1 : 0), spec.ipv4());
    int v6Sets = Math.min(spec.attributeSets() - v4Sets, spec.ipv6());
    SplittableRandom attrs = random.split();
    Set<PathAttributes> seen = new HashSet<>();
    PathAttributes[] v4Pool = pool(v4Sets, IPV4_NEXT_HOP, attrs, seen, spec.variant());
    PathAttributes[] v6Pool = pool(v6Sets, IPV6_NEXT_HOP, attrs, seen, spec.variant());
    SplittableRandom assign = random.split();
    return new FeedTable(
        spec,
        v4,
        v6,
        assign(spec.ipv4(), v4Sets, assign),
        assign(spec.ipv6(), v6Sets, assign),
        v4Pool,
        v6Pool);
  }

  /** {@code n} distinct prefix keys of one family, sorted in prefix order. */
  private static long[] uniqueKeys(int n, SplittableRandom random, boolean v6) {
    long[] keys = new long[n];
    int filled = 0;
    while (filled < n) {
      for (int i = filled; i < n; i++) {
        keys[i] = v6 ? v6Key(random) : v4Key(random);
      }
      Arrays.sort(keys);
      int unique = 0;
      for (int i = 0; i < n; i++) {
        if (unique == 0 || keys[i] != keys[unique - 1]) {
          keys[unique++] = keys[i];
        }
      }
      filled = unique; // duplicates are drawn again
    }
    return keys;
  }

  private static long v4Key(SplittableRandom r) {
    int length = Distribution.IPV4_LENGTHS.draw(r);
    int address;
    int first;
    do {
      address = r.nextInt();
      first = address >>> 24;
    } while (first == 0 || first == 10 || first == 127 || first >= 224);
    address &= length == 0 ? 0 : -1 << (32 - length);
    return Integer.toUnsignedLong(address) << 8 | length;
  }

  private static long v6Key(SplittableRandom r) {
    int length = Distribution.IPV6_LENGTHS.draw(r);
    long high = 0x2000_0000_0000_0000L | (r.nextLong() >>> 3); // 2000::/3, global unicast
    high &= -1L << (64 - length);
    return high | length;
  }

  private static PathAttributes[] pool(
      int n, IpAddress nextHop, SplittableRandom r, Set<PathAttributes> seen, int variant) {
    PathAttributes[] pool = new PathAttributes[n];
    for (int i = 0; i < n; ) {
      PathAttributes[] pair = attributes(r, nextHop, variant);
      if (seen.add(pair[0])) {
        pool[i++] = pair[1];
      }
    }
    return pool;
  }

  /**
   * One attribute set: [0] as variant 0 has it (for telling sets apart), [1] as {@code variant} has
   * it. Every random number is drawn whatever the variant, so variants stay aligned.
   */
  private static PathAttributes[] attributes(SplittableRandom r, IpAddress nextHop, int variant) {
    int hops = Distribution.AS_PATH_LENGTHS.draw(r);
    long[] asns = new long[hops];
    asns[0] = FEEDER_AS;
    for (int h = 1; h < hops; h++) {
      asns[h] =
          r.nextInt(10) < 2
              ? 131_072 + r.nextLong(4_199_999_999L - 131_072)
              : 1 + r.nextInt(64_495);
      if (asns[h] == 23_456) {
        asns[h] = 23_457; // AS_TRANS is not a real AS
      }
    }
    int prepend = r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 0;
    long[] path = Arrays.copyOf(asns, hops + prepend);
    Arrays.fill(path, hops, hops + prepend, asns[hops - 1]);
    int o = r.nextInt(100);
    PathAttributes.Builder b =
        PathAttributes.builder()
            .origin(o < 85 ? Origin.IGP : o < 98 ? Origin.INCOMPLETE : Origin.EGP)
            .asPath(AsPath.sequence(path))
            .nextHop(nextHop);
    boolean hasMed = r.nextInt(4) == 0;
    long med = r.nextInt(1000);
    int communities = r.nextInt(7);
    for (int c = 0; c < communities; c++) {
      b.addCommunity(Community.of((int) FEEDER_AS, r.nextInt(4) * 1000 + r.nextInt(200)));
    }
    if (r.nextInt(10) == 0) {
      b.addLargeCommunity(LargeCommunity.of(FEEDER_AS, 1 + r.nextInt(9), r.nextInt(1000)));
    }
    if (hasMed) {
      b.med(med);
    }
    PathAttributes base = b.build();
    if (variant == 0) {
      return new PathAttributes[] {base, base};
    }
    return new PathAttributes[] {base, b.med(med + 1000L * variant).build()};
  }

  /**
   * Which set each of {@code n} prefixes uses: a random {@code sets} of them one set each, so that
   * every set is used, and the rest skewed toward the low-numbered sets (a few sets carry many).
   */
  private static int[] assign(int n, int sets, SplittableRandom r) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] set = new int[n];
    for (int k = 0; k < n; k++) {
      if (k < sets) {
        set[order[k]] = k;
      } else {
        double x = r.nextDouble();
        set[order[k]] = (int) (x * x * x * sets);
      }
    }
    return set;
  }

  /** The spec it was generated from. */
  public Spec spec() {
    return spec;
  }

  /** The number of IPv4 prefixes. */
  public int ipv4Count() {
    return v4Keys.length;
  }

  /** The number of IPv6 prefixes. */
  public int ipv6Count() {
    return v6Keys.length;
  }

  /** The number of prefixes. */
  public int size() {
    return v4Keys.length + v6Keys.length;
  }

  /** The number of distinct attribute sets. */
  public int attributeSets() {
    return v4Pool.length + v6Pool.length;
  }

  /** IPv4 prefix {@code i}, in prefix order. */
  public IpPrefix ipv4Prefix(int i) {
    long key = v4Keys[i];
    return IpPrefix.of(Ipv4Address.of((int) (key >>> 8)), (int) (key & 0xFF));
  }

  /** IPv6 prefix {@code i}, in prefix order. */
  public IpPrefix ipv6Prefix(int i) {
    long key = v6Keys[i];
    int length = (int) (key & 0xFF);
    return IpPrefix.of(Ipv6Address.of(key & ~0xFFL, 0), length);
  }

  /** The attributes of IPv4 prefix {@code i}. */
  public PathAttributes ipv4Attributes(int i) {
    return v4Pool[v4Set[i]];
  }

  /** The attributes of IPv6 prefix {@code i}. */
  public PathAttributes ipv6Attributes(int i) {
    return v6Pool[v6Set[i]];
  }

  /** The feeder's identity in a dump: its next hop's address, AS and BGP identifier. */
  public static PeerIdentity feeder() {
    return new PeerIdentity(IPV4_NEXT_HOP, FEEDER_AS, IPV4_NEXT_HOP);
  }

  /** The table as the feeder's routes, IPv4 then IPv6, each in prefix order. */
  public PeerTable peerTable(boolean withIpv6) {
    List<BgpRoute> routes = new ArrayList<>(v4Keys.length + (withIpv6 ? v6Keys.length : 0));
    for (int i = 0; i < v4Keys.length; i++) {
      routes.add(BgpRoute.learned(ipv4Prefix(i), ipv4Attributes(i), IPV4_NEXT_HOP, false));
    }
    if (withIpv6) {
      for (int i = 0; i < v6Keys.length; i++) {
        routes.add(BgpRoute.learned(ipv6Prefix(i), ipv6Attributes(i), IPV4_NEXT_HOP, false));
      }
    }
    return new PeerTable(feeder(), routes);
  }

  /** Writes the table as a TABLE_DUMP_V2 file with the feeder as its one peer. */
  public void writeMrt(Path file, Instant time) throws IOException {
    Mrt.writeTableDump(file, IPV4_NEXT_HOP, "gingham-table", List.of(peerTable(true)), time);
  }

  /**
   * The table's IPv4 routes (and IPv6 routes, if asked) as the UPDATE stream the feeder would send
   * on {@code session}: one group of UPDATEs per attribute set, in set order. The buffer is direct;
   * its owner releases it.
   */
  public ByteBuf updates(SessionCodec session, boolean withIpv6) {
    ByteBuf out = Unpooled.directBuffer(v4Keys.length * 6 + attributeSets() * 96);
    UpdateEncoder encoder = new UpdateEncoder(session);
    encode(out, encoder, AddressFamily.IPV4_UNICAST, v4Keys, v4Set, v4Pool);
    if (withIpv6) {
      encode(out, encoder, AddressFamily.IPV6_UNICAST, v6Keys, v6Set, v6Pool);
    }
    return out;
  }

  private static void encode(
      ByteBuf out,
      UpdateEncoder encoder,
      AddressFamily family,
      long[] keys,
      int[] set,
      PathAttributes[] pool) {
    // Prefix indexes grouped by set: counting sort.
    int[] start = new int[pool.length + 1];
    for (int s : set) {
      start[s + 1]++;
    }
    for (int s = 0; s < pool.length; s++) {
      start[s + 1] += start[s];
    }
    int[] members = new int[set.length];
    int[] fill = Arrays.copyOf(start, pool.length);
    for (int i = 0; i < set.length; i++) {
      members[fill[set[i]]++] = i;
    }
    PrefixBatch batch = new PrefixBatch();
    for (int s = 0; s < pool.length; s++) {
      batch.clear();
      for (int k = start[s]; k < start[s + 1]; k++) {
        long key = keys[members[k]];
        int length = (int) (key & 0xFF);
        if (family == AddressFamily.IPV4_UNICAST) {
          batch.addIpv4((int) (key >>> 8), length);
        } else {
          batch.addIpv6(key & ~0xFFL, 0, length);
        }
      }
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(out, family, pool[s], batch, i);
      }
    }
  }
}
