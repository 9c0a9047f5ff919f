package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * UPDATE decode plus Adj-RIB-In and Loc-RIB insert on one core, per prefix, from a synthetic table
 * of {@value #PREFIXES} IPv4 prefixes and a third as many attribute sets ({@link
 * dev.gingham.benchmarks.table.FeedTable}).
 *
 * <ul>
 *   <li>{@code initialLoad}: a full table into an empty RIB and a fresh session (every attribute
 *       set decoded once, every prefix new), as after a session comes up;
 *   <li>{@code churn}: the same prefixes again with every attribute set changed, alternating
 *       between two variants, into a warm RIB: every route is replaced and its best path changes.
 *       This is the steady state, and {@code -prof gc} shows it allocates nothing per prefix.
 * </ul>
 *
 * <p>Scores are prefixes per second. Run with {@code java -jar benchmarks/target/benchmarks.jar
 * UpdateIngestBenchmark -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
public class UpdateIngestBenchmark {
  static final int PREFIXES = 1_000_000;

  ByteBuf variant0;
  ByteBuf variant1;
  RibLoader warm;
  int round;

  @Setup(Level.Trial)
  public void generate() {
    variant0 =
        FeedTable.generate(RibLoader.ipv4Table(PREFIXES, 0)).updates(RibLoader.SESSION, false);
    variant1 =
        FeedTable.generate(RibLoader.ipv4Table(PREFIXES, 1)).updates(RibLoader.SESSION, false);
    warm = new RibLoader();
    warm.load(variant0);
    warm.load(variant1);
  }

  @TearDown(Level.Trial)
  public void check() {
    if (warm.adjRibInSize() != PREFIXES || warm.locRibSize() != PREFIXES) {
      throw new IllegalStateException(
          "the RIB holds "
              + warm.adjRibInSize()
              + "/"
              + warm.locRibSize()
              + " routes, not "
              + PREFIXES);
    }
    variant0.release();
    variant1.release();
  }

  /** An empty RIB for each invocation of {@code initialLoad}, and only for it. */
  @State(Scope.Thread)
  public static class EmptyRib {
    RibLoader rib;

    /**
     * A fresh RIB per invocation; the previous one is collected here, outside the measurement, so
     * that the score is the cost of one load and not of cleaning up after the last one.
     */
    @Setup(Level.Invocation)
    public void emptyRib() {
      rib = null;
      System.gc();
      rib = new RibLoader();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PREFIXES)
  public int initialLoad(EmptyRib empty) {
    return empty.rib.load(variant0);
  }

  @Benchmark
  @OperationsPerInvocation(PREFIXES)
  public int churn() {
    return warm.load((round++ & 1) == 0 ? variant0 : variant1);
  }
}
