package dev.gingham.benchmarks.route;

import dev.gingham.benchmarks.table.InternetTable;
import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.net.IpPrefix;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Updates to the full table while lookups go on: in group {@code rw}, one thread inserts and
 * removes IPv4 prefixes (a pool of 200,000 prefixes of the table's mix, not in the table: the first
 * pass inserts them all, the next removes them, and so on) while another looks up random addresses.
 * The writer's score is updates per µs (inserts and removes alike), the reader's lookups per µs.
 * {@code writeAlone} is the writer with no reader, for comparison.
 *
 * <p>Group {@code rwBatched} makes the same updates {@value #BATCH} at a time through {@code
 * putAll} and {@code removeAll} (one BGP UPDATE's worth of prefixes with one next hop), while the
 * reader makes {@value #BATCH} single lookups per call; both scores are still updates or lookups
 * per µs. {@code writeBatchedAlone} is that writer alone. The single-put groups above measure
 * {@code put} and {@code remove}, one prefix per call.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar FibUpdateBenchmark -f 1}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms6g", "-Xmx6g"})
public class FibUpdateBenchmark {
  static final int KEYS = 1 << 20;
  static final int POOL = 200_000;

  /** Prefixes per batched update; divides {@link #POOL}, so a batch never wraps. */
  static final int BATCH = 64;

  private PoptriePrefixMap<String> map;
  private List<IpPrefix> pool;
  private String[] hops;
  private int[] keys;

  /**
   * The writer's own counter, in an object of its own so that it shares no line with the reader's.
   */
  @State(Scope.Thread)
  public static class WriterCursor {
    int writes;
  }

  /** The reader's own position. */
  @State(Scope.Thread)
  public static class ReaderCursor {
    int next;
  }

  @Setup
  public void setUp() {
    // The pool comes from a bigger table of the same seed, minus the loaded table's prefixes.
    InternetTable table = InternetTable.generate();
    InternetTable bigger =
        InternetTable.generate(InternetTable.SEED + 1, 1_000_000 + POOL, 1, 1_000, Tables.PEERS);
    java.util.Set<IpPrefix> loaded = new java.util.HashSet<>(table.ipv4());
    pool = bigger.ipv4().stream().filter(p -> !loaded.contains(p)).limit(POOL).toList();
    hops = Tables.nextHops();
    map = Tables.load(table, hops);
    keys = Tables.ipv4Keys(table, "table", KEYS, 44);
  }

  /** One insert or one remove. */
  @Benchmark
  @Group("rw")
  @GroupThreads(1)
  public Object write(WriterCursor cursor) {
    int i = cursor.writes++;
    int n = pool.size();
    IpPrefix p = pool.get(i % n);
    Object r;
    if ((i / n) % 2 == 0) {
      r = map.put(p, hops[i & (hops.length - 1)]);
    } else {
      r = map.remove(p);
    }
    return r == null ? Boolean.FALSE : r;
  }

  /**
   * One lookup. (JMH applies one operations-per-invocation count to a whole group, so the reader
   * makes one lookup per call to keep both scores in their own units.)
   */
  @Benchmark
  @Group("rw")
  @GroupThreads(1)
  public Object read(ReaderCursor cursor) {
    int i = cursor.next;
    cursor.next = (i + 1) & (KEYS - 1);
    Object v = map.longestMatch(keys[i]);
    return v == null ? Boolean.FALSE : v;
  }

  /** {@value #BATCH} inserts or {@value #BATCH} removes, as one batch. */
  @Benchmark
  @Group("rwBatched")
  @GroupThreads(1)
  @OperationsPerInvocation(BATCH)
  public int writeBatched(WriterCursor cursor) {
    int i = cursor.writes;
    cursor.writes = i + BATCH;
    int n = pool.size();
    List<IpPrefix> batch = pool.subList(i % n, i % n + BATCH);
    if ((i / n) % 2 == 0) {
      map.putAll(batch, hops[(i / BATCH) & (hops.length - 1)]);
    } else {
      map.removeAll(batch);
    }
    return map.size();
  }

  /** {@value #BATCH} lookups, one at a time, beside the batched writer. */
  @Benchmark
  @Group("rwBatched")
  @GroupThreads(1)
  @OperationsPerInvocation(BATCH)
  public int readBatched(ReaderCursor cursor) {
    int i = cursor.next;
    cursor.next = (i + BATCH) & (KEYS - 1);
    int hits = 0;
    for (int k = i; k < i + BATCH; k++) {
      if (map.longestMatch(keys[k]) != null) {
        hits++;
      }
    }
    return hits;
  }

  /** The batched updates with no reader. */
  @Benchmark
  @Group("writeBatchedAlone")
  @GroupThreads(1)
  @OperationsPerInvocation(BATCH)
  public int writeBatchedAlone(WriterCursor cursor) {
    return writeBatched(cursor);
  }

  /** The same updates with no reader. */
  @Benchmark
  @Group("writeAlone")
  @GroupThreads(1)
  public Object writeAlone(WriterCursor cursor) {
    return write(cursor);
  }
}
