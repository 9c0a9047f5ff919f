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
import org.jspecify.annotations.Nullable;

/**
 * A seeded, Internet-like full table as one transit peer would send it: the unique IPv4 and IPv6
 * prefixes of {@link InternetTable#prefixes} (the public tables' prefix-length distributions,
 * clustered in allocations; the FIB benchmarks use the same generator), AS paths with its
 * path-length distribution (a fifth of the ASes 4-octet, one path in ten prepended), and a given
 * number of distinct attribute sets, each used by at least one prefix and the popular ones by many,
 * as origins with many prefixes make them. Every route has the feeder's next hop.
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
  private final IpPrefix[] v6; // sorted
  private final int[] v4Set;
  private final int[] v6Set;
  private final PathAttributes[] v4Pool;
  private final PathAttributes[] v6Pool;

  private FeedTable(
      Spec spec,
      long[] v4Keys,
      IpPrefix[] v6,
      int[] v4Set,
      int[] v6Set,
      PathAttributes[] v4Pool,
      PathAttributes[] v6Pool) {
    this.spec = spec;
    this.v4Keys = v4Keys;
    this.v6 = v6;
    this.v4Set = v4Set;
    this.v6Set = v6Set;
    this.v4Pool = v4Pool;
    this.v6Pool = v6Pool;
  }

  /**
   * Salted into the seed of the attribute sets' streams: InternetTable draws the prefixes from
   * {@code new SplittableRandom(seed)}, whose splits the same unsalted seed would give again, so
   * that the sets would be drawn from the very numbers that drew the prefixes.
   */
  private static final long ATTRIBUTE_SALT = 0x4154_5452_5345_5453L;

  /** Generates the table a spec describes. */
  public static FeedTable generate(Spec spec) {
    SplittableRandom random = new SplittableRandom(spec.seed() ^ ATTRIBUTE_SALT);
    InternetTable.Prefixes prefixes = InternetTable.prefixes(spec.seed(), spec.ipv4(), spec.ipv6());
    long[] v4 = new long[spec.ipv4()];
    for (int i = 0; i < v4.length; i++) {
      IpPrefix p = prefixes.ipv4().get(i);
      v4[i] = Integer.toUnsignedLong(((Ipv4Address) p.network()).toInt()) << 8 | p.length();
    }
    Arrays.sort(v4);
    IpPrefix[] v6 = prefixes.ipv6().toArray(new IpPrefix[0]);
    Arrays.sort(v6);
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
    return v6.length;
  }

  /** The number of prefixes. */
  public int size() {
    return v4Keys.length + v6.length;
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
    return v6[i];
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
    List<BgpRoute> routes = new ArrayList<>(v4Keys.length + (withIpv6 ? v6.length : 0));
    for (int i = 0; i < v4Keys.length; i++) {
      routes.add(BgpRoute.learned(ipv4Prefix(i), ipv4Attributes(i), IPV4_NEXT_HOP, false));
    }
    if (withIpv6) {
      for (int i = 0; i < v6.length; i++) {
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
    encode(out, encoder, AddressFamily.IPV4_UNICAST, v4Keys, null, v4Set, v4Pool);
    if (withIpv6) {
      encode(out, encoder, AddressFamily.IPV6_UNICAST, null, v6, v6Set, v6Pool);
    }
    return out;
  }

  /**
   * Writes IPv4 routes as UPDATEs on {@code session}, one group of UPDATEs per attribute set, in
   * set order: route {@code i} is prefix {@code keys[i]} ({@code address << 8 | length}) with
   * attributes {@code pool[set[i]]}. Every set must be used and carry an IPv4 next hop. This is how
   * {@link #updates} encodes the generated table; the replay feeder encodes a table read from MRT
   * with it.
   *
   * @throws IllegalArgumentException if {@code keys} and {@code set} differ in length
   */
  public static void writeIpv4Updates(
      ByteBuf out, SessionCodec session, long[] keys, int[] set, PathAttributes[] pool) {
    if (keys.length != set.length) {
      throw new IllegalArgumentException(
          keys.length + " prefixes but " + set.length + " set indexes");
    }
    encode(out, new UpdateEncoder(session), AddressFamily.IPV4_UNICAST, keys, null, set, pool);
  }

  private static void encode(
      ByteBuf out,
      UpdateEncoder encoder,
      AddressFamily family,
      long @Nullable [] v4Keys,
      IpPrefix @Nullable [] v6Prefixes,
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
        if (v4Keys != null) {
          long key = v4Keys[members[k]];
          batch.addIpv4((int) (key >>> 8), (int) (key & 0xFF));
        } else {
          IpPrefix p = v6Prefixes[members[k]];
          Ipv6Address a = (Ipv6Address) p.network();
          batch.addIpv6(a.high(), a.low(), p.length());
        }
      }
      for (int i = 0; i < batch.size(); ) {
        i = encoder.writeAnnouncements(out, family, pool[s], batch, i);
      }
    }
  }
}
