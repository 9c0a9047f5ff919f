package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.internal.bgp.rib.ExportPipeline;
import dev.gingham.internal.bgp.rib.ExportRules;
import dev.gingham.internal.bgp.wire.UpdateEncoder;
import dev.gingham.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
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
 * The export of a full table to a new eBGP session, per prefix, without the socket: the initial
 * advertisement of {@value #PREFIXES} IPv4 prefixes with a third as many attribute sets, as one
 * session's {@link ExportPipeline} turns them into UPDATEs in slices of 2,000 prefixes (the export
 * rules, the prepend and next-hop self once per attribute set, the grouping, the encoding).
 *
 * <p>Scores are prefixes per second. Run with {@code java -jar benchmarks/target/benchmarks.jar
 * ExportBenchmark -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
public class ExportBenchmark {
  static final int PREFIXES = 1_000_000;

  RibLoader rib;
  ExportRules rules;
  ByteBuf out;
  long bytes;

  @Setup(Level.Trial)
  public void load() {
    ByteBuf updates =
        FeedTable.generate(RibLoader.ipv4Table(PREFIXES, 0)).updates(RibLoader.SESSION, false);
    rib = new RibLoader();
    rib.load(updates);
    updates.release();
    PeerConfig target = PeerConfig.builder(IpAddress.parse("127.0.0.20"), 65_001).build();
    rules =
        new ExportRules(
            target,
            false,
            64_999,
            Set.of(AddressFamily.IPV4_UNICAST),
            IpAddress.parse("127.0.0.10"),
            null);
    out = Unpooled.directBuffer(1 << 20);
  }

  @TearDown(Level.Trial)
  public void release() {
    if (bytes == 0) {
      throw new IllegalStateException("the export wrote nothing");
    }
    out.release();
  }

  @Benchmark
  @OperationsPerInvocation(PREFIXES)
  public long initialAdvertisement() {
    ExportPipeline export =
        new ExportPipeline(
            rib.index, rib.locRib, rules, new UpdateEncoder(RibLoader.SESSION), rib.interner);
    export.markAll();
    long written = 0;
    while (export.hasWork()) {
      export.flush(out, 2000);
      written += out.writerIndex();
      out.clear();
    }
    if (export.size() != PREFIXES) {
      throw new IllegalStateException("advertised " + export.size() + ", not " + PREFIXES);
    }
    export.clear();
    bytes = written;
    return written;
  }
}
