package dev.gingham.benchmarks.ipam;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPAM on the SQLite store, one process, one thread, a fresh database file per trial in a temporary
 * directory (deleted afterwards). {@code sync} is the store's option: {@code full}, its default,
 * syncs the WAL to disk at every commit, so that each assignment survives power loss and costs one
 * fsync; {@code normal} syncs at checkpoints only, so that a commit survives a process crash but
 * not a power loss.
 *
 * <p>{@code assign} keeps assigning one IPv4 address per operation with a new handle, as pods
 * start: the pool is a /12, and the host changes every 1,000 assignments so that no host reaches
 * its block limit; so it measures filling affine blocks plus a block claim every 64 assignments.
 * {@code assignThenRelease} is the ADD/DEL pair.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar IpamSqliteBenchmark}, and with
 * {@code -bm sample -tu us} for percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IpamSqliteBenchmark {
  @Param({"full", "normal"})
  public String sync;

  private Path dir;
  private Datastore store;
  private Ipam ipam;
  private long count;
  private AssignRequest pair;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("gingham-ipam-bench");
    store = Datastores.open("sqlite:" + dir.resolve("ipam.db") + "?sync=" + sync);
    ipam = Ipams.create(store);
    ipam.createPool(IpPool.builder("bench", IpPrefix.parse("10.64.0.0/12")).build());
    pair = AssignRequest.builder("k8s-pod-network.pair", "pair-node").ipv4(1).build();
  }

  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(IpamSqliteBenchmark::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** autoAssign of one IPv4 address under a new handle. */
  @Benchmark
  public IpAddress assign() {
    long n = count++;
    return ipam.autoAssign(
            AssignRequest.builder("k8s-pod-network." + n, "node-" + n / 1000).ipv4(1).build())
        .ipv4()
        .get(0);
  }

  /** autoAssign of one IPv4 address, then releaseIps of it. */
  @Benchmark
  public IpAddress assignThenRelease() {
    IpAddress address = ipam.autoAssign(pair).ipv4().get(0);
    ipam.releaseIps(List.of(address));
    return address;
  }
}
