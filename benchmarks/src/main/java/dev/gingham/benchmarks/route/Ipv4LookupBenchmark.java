package dev.gingham.benchmarks.route;

import dev.gingham.benchmarks.table.InternetTable;
import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPv4 longest-prefix match over the full synthetic table ({@link InternetTable}: 1,000,000
 * prefixes), one thread, side by side: Gingham's Poptrie (one key per call, batched with values,
 * and batched with value numbers), the IPAddress library's {@code
 * IPv4AddressTrie.longestPrefixMatch}, and a baseline of one {@code TreeMap} per prefix length
 * probed from /32 down.
 *
 * <p>Each invocation looks up {@value #BATCH} keys from a precomputed array of {@value #KEYS}, so a
 * score in ops/µs is millions of lookups per second. {@code keys=uniform} draws random 32-bit
 * numbers; {@code keys=table} draws addresses inside random table prefixes, so every lookup ends on
 * a route.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar Ipv4LookupBenchmark -f 1 -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms4g", "-Xmx4g"})
public class Ipv4LookupBenchmark {
  static final int KEYS = 1 << 20;
  static final int BATCH = 1024;

  @Param({"uniform", "table"})
  public String keys;

  private int[] keyBits;
  private PoptriePrefixMap<String> gingham;
  private IPv4AddressTrie ipaTrie;
  private inet.ipaddr.ipv4.IPv4Address[] ipaKeys;
  private List<TreeMap<Integer, String>> byLength;
  private int[] lengthsLongestFirst;
  private int next;
  private final int[] batchKeys = new int[BATCH];
  private final String[] batchOut = new String[BATCH];
  private final int[] batchIds = new int[BATCH];

  @Setup
  public void setUp() {
    InternetTable table = InternetTable.generate();
    String[] hops = Tables.nextHops();
    gingham = Tables.load(table, hops);
    keyBits = Tables.ipv4Keys(table, keys, KEYS, 42);

    ipaTrie = new IPv4AddressTrie();
    byLength = new ArrayList<>();
    for (int i = 0; i <= 32; i++) {
      byLength.add(new TreeMap<>());
    }
    List<IpPrefix> v4 = table.ipv4();
    for (int i = 0; i < v4.size(); i++) {
      IpPrefix p = v4.get(i);
      int bits = ((Ipv4Address) p.network()).toInt();
      ipaTrie.add(new inet.ipaddr.ipv4.IPv4Address(bits, p.length()).toPrefixBlock());
      byLength
          .get(p.length())
          .put(bits, hops[table.attributeSets().get(table.ipv4Attributes(i)).nextHop()]);
    }
    lengthsLongestFirst =
        java.util.stream.IntStream.iterate(32, l -> l >= 0, l -> l - 1)
            .filter(l -> !byLength.get(l).isEmpty())
            .toArray();
    ipaKeys = new inet.ipaddr.ipv4.IPv4Address[KEYS];
    for (int i = 0; i < KEYS; i++) {
      ipaKeys[i] = new inet.ipaddr.ipv4.IPv4Address(keyBits[i]);
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
      if (gingham.longestMatch(keyBits[i]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** The same lookups through the batched call, which overlaps their memory accesses. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ginghamBatched() {
    int s = start();
    System.arraycopy(keyBits, s, batchKeys, 0, BATCH);
    gingham.longestMatches(batchKeys, BATCH, batchOut);
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (batchOut[i] != null) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * The same lookups answered with value numbers ({@code longestMatchIds}), as a router's bulk
   * lookup answers with next-hop numbers; a hit is a number other than 0.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ginghamIds() {
    int s = start();
    System.arraycopy(keyBits, s, batchKeys, 0, BATCH);
    gingham.longestMatchIds(batchKeys, BATCH, batchIds);
    int hits = 0;
    for (int i = 0; i < BATCH; i++) {
      if (batchIds[i] != 0) {
        hits++;
      }
    }
    return hits;
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
      if (treeMapMatch(keyBits[i]) != null) {
        hits++;
      }
    }
    return hits;
  }

  private @Nullable String treeMapMatch(int key) {
    for (int length : lengthsLongestFirst) {
      int masked = length == 0 ? 0 : key & (int) (-1L << (32 - length));
      String v = byLength.get(length).get(masked);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
