package dev.gingham.benchmarks.ipam;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One host auto-assigning one IPv4 address and releasing it again, on the in-memory store, one
 * thread: the CNI ADD/DEL cycle with nothing but the engine and the store in the way. Each
 * operation is one pair; the host's block exists after the first, so this is the steady state of
 * filling an affine block. The block's free FIFO makes each pair take the next address.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar IpamMemoryBenchmark -prof gc} for
 * pairs per second and bytes per pair, and with {@code -bm sample -tu us} for percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IpamMemoryBenchmark {
  private Datastore store;
  private Ipam ipam;
  private AssignRequest request;

  @Setup
  public void setUp() {
    store = Datastores.open("memory:");
    ipam = Ipams.create(store);
    ipam.createPool(IpPool.builder("bench", IpPrefix.parse("10.64.0.0/16")).build());
    request = AssignRequest.builder("k8s-pod-network.bench", "node-1").ipv4(1).build();
  }

  @TearDown
  public void tearDown() {
    store.close();
  }

  /** autoAssign of one IPv4 address, then releaseIps of it. */
  @Benchmark
  public IpAddress assignThenReleaseIp() {
    IpAddress address = ipam.autoAssign(request).ipv4().get(0);
    ipam.releaseIps(List.of(address));
    return address;
  }

  /** autoAssign of one IPv4 address, then releaseByHandle, as a CNI DEL does. */
  @Benchmark
  public IpAddress assignThenReleaseHandle() {
    IpAddress address = ipam.autoAssign(request).ipv4().get(0);
    ipam.releaseByHandle(request.handle());
    return address;
  }
}
