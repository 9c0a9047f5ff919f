package dev.gingham.benchmarks.route;

import dev.gingham.benchmarks.table.InternetTable;
import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPv6 longest-prefix match over the full synthetic table's 200,000 IPv6 prefixes, one thread, side
 * by side: Gingham's stride trie, IPAddress's {@code IPv6AddressTrie.longestPrefixMatch}, and one
 * {@code TreeMap} per prefix length. Keys are random addresses inside random table prefixes
 * (uniform random 128-bit keys would almost all miss 2000::/3 and end in the direct array).
 *
 * <p>Each invocation looks up {@value #BATCH} keys; a score in ops/µs is millions of lookups per
 * second. Run with {@code java -jar benchmarks/target/benchmarks.jar Ipv6LookupBenchmark -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms4g", "-Xmx4g"})
public class Ipv6LookupBenchmark {
  static final int KEYS = 1 << 20;
  static final int BATCH = 1024;

  /** A 128-bit key for the TreeMap baseline. */
  record Key(long high, long low) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compareUnsigned(high, o.high);
      return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }
  }

  private long[] keys;
  private PoptriePrefixMap<String> gingham;
  private IPv6AddressTrie ipaTrie;
  private inet.ipaddr.ipv6.IPv6Address[] ipaKeys;
  private List<TreeMap<Key, String>> byLength;
  private int[] lengthsLongestFirst;
  private int next;
  private final long[] batchHigh = new long[BATCH];
  private final long[] batchLow = new long[BATCH];
  private final String[] batchOut = new String[BATCH];
  private final int[] batchIds = new int[BATCH];

  @Setup
  public void setUp() {
    InternetTable table = InternetTable.generate();
    String[] hops = Tables.nextHops();
    gingham = Tables.load(table, hops);
    keys = Tables.ipv6Keys(table, KEYS, 43);
    ipaTrie = new IPv6AddressTrie();
    byLength = new ArrayList<>();
    for (int i = 0; i <= 128; i++) {
      byLength.add(new TreeMap<>());
    }
    List<IpPrefix> v6 = table.ipv6();
    for (int i = 0; i < v6.size(); i++) {
      IpPrefix p = v6.get(i);
      Ipv6Address n = (Ipv6Address) p.network();
      ipaTrie.add(new inet.ipaddr.ipv6.IPv6Address(n.high(), n.low(), p.length()).toPrefixBlock());
      byLength
          .get(p.length())
          .put(
              new Key(n.high(), n.low()),
              hops[table.attributeSets().get(table.ipv6Attributes(i)).nextHop()]);
    }
    lengthsLongestFirst =
        java.util.stream.IntStream.iterate(128, l -> l >= 0, l -> l - 1)
            .filter(l -> !byLength.get(l).isEmpty())
            .toArray();
    ipaKeys = new inet.ipaddr.ipv6.IPv6Address[KEYS];
    for (int i = 0; i < KEYS; i++) {
      ipaKeys[i] = new inet.ipaddr.ipv6.IPv6Address(keys[2 * i], keys[2 * i + 1]);
    }
  }

  private int start() {
    int s = next;
    next = (s + BATCH) & (KEYS - 1);
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int gingham() {
    int s = start();
    int hits = 0;
    for (int i = s; i < s + BATCH; i++) {
      if (gingham.longestMatch(keys[2 * i], keys[2 * i + 1]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** The same lookups through the batched call, which overlaps their memory accesses. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ginghamBatched() {
    fillBatch();
    gingham.longestMatches(batchHigh, batchLow, BATCH, batchOut);
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (batchOut[i] != null) {
        hits++;
      }
    }
    return hits;
  }

  /** The same lookups answered with value numbers ({@code longestMatchIds}). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ginghamIds() {
    fillBatch();
    gingham.longestMatchIds(batchHigh, batchLow, BATCH, batchIds);
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (batchIds[i] != 0) {
        hits++;
      }
    }
    return hits;
  }

  private void fillBatch() {
    int s = start();
    for (int i = 0; i < BATCH; i++) {
      batchHigh[i] = keys[2 * (s + i)];
      batchLow[i] = keys[2 * (s + i) + 1];
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ipaddressTrie() {
    int s = start();
    int hits = 0;
    for (int i = s; i < s + BATCH; i++) {
      if (ipaTrie.longestPrefixMatch(ipaKeys[i]) != null) {
        hits++;
      }
    }
    return hits;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int treeMapPerLength() {
    int s = start();
    int hits = 0;
    for (int i = s; i < s + BATCH; i++) {
      if (treeMapMatch(keys[2 * i], keys[2 * i + 1]) != null) {
        hits++;
      }
    }
    return hits;
  }

  private @Nullable String treeMapMatch(long high, long low) {
    for (int length : lengthsLongestFirst) {
      long h = length >= 64 ? high : length == 0 ? 0 : high & (-1L << (64 - length));
      long l = length <= 64 ? 0 : length == 128 ? low : low & (-1L << (128 - length));
      String v = byLength.get(length).get(new Key(h, l));
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
