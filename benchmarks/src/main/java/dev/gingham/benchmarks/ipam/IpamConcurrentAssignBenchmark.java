package dev.gingham.benchmarks.ipam;

import dev.gingham.benchmarks.datastore.BenchmarkStore;
import dev.gingham.core.Ipams;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPAM auto-assign by 16 concurrent clients on 16 hosts, on the in-memory, SQLite and etcd stores
 * in one run: what sixteen nodes starting pods at once ask of the cluster's store.
 *
 * <p>Each of the 16 JMH threads is one host with its own engine and, for SQLite and etcd, its own
 * store client (the in-memory store is private to its opener, so there the threads share one). A
 * call assigns one IPv4 address under a new handle, as a pod's CNI ADD does; each host's addresses
 * are released after every iteration, and whenever it holds {@value Host#RELEASE_AT} (a fast store
 * would otherwise reach the limit of 20 blocks of 64 within one iteration), outside the
 * measurement, so that hosts fill and claim blocks the same way throughout. etcd is a real single
 * member on loopback started by the benchmark with Debian's {@code /usr/bin/etcd}, fsyncing each
 * commit; SQLite keeps its default {@code sync=full}.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar IpamConcurrentAssignBenchmark -f
 * 1}: throughput is assigns per second summed over the 16 hosts, and the sample mode gives the
 * latency percentiles of one assign.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 10)
@Threads(16)
@Fork(1)
public class IpamConcurrentAssignBenchmark {

  /** The store for the whole run, its pool, and for etcd the server behind it. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"memory", "sqlite", "etcd"})
    public String kind;

    private @Nullable BenchmarkStore store;
    private @Nullable Datastore admin;
    private final AtomicInteger hosts = new AtomicInteger();
    private final AtomicInteger hostsOpen = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws IOException {
      store = BenchmarkStore.start(kind);
      admin = store.open();
      // A /12 of /26 blocks: room for every host's blocks in every iteration, no borrowing.
      Ipams.create(admin)
          .createPool(IpPool.builder("bench", IpPrefix.parse("10.64.0.0/12")).build());
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      // JMH may run this while other threads still release their last iteration's addresses;
      // the store must outlive them.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (hostsOpen.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (store != null) {
        try (BenchmarkStore started = store) {
          if (admin != null) {
            started.release(admin);
          }
        }
      }
    }

    BenchmarkStore store() {
      if (store == null) {
        throw new IllegalStateException("store not started");
      }
      return store;
    }

    int nextHost() {
      hostsOpen.incrementAndGet();
      return hosts.getAndIncrement();
    }

    void hostClosed() {
      hostsOpen.decrementAndGet();
    }
  }

  /** One host: its store client, its engine and the handles it holds. */
  @State(Scope.Thread)
  public static class Host {
    private @Nullable Store of;
    private @Nullable Datastore store;
    private @Nullable Ipam ipam;
    private String name = "";
    private long next;
    private final List<String> handles = new ArrayList<>();

    @Setup(Level.Trial)
    public void open(Store shared) {
      of = shared;
      store = shared.store().open();
      ipam = Ipams.create(store);
      name = "node-" + shared.nextHost();
    }

    /** How many addresses a host holds at most: 16 of its 20 blocks. */
    static final int RELEASE_AT = 1024;

    /** Releases everything once the host holds {@link #RELEASE_AT}, outside the measurement. */
    @Setup(Level.Invocation)
    public void releaseWhenFull() {
      if (handles.size() >= RELEASE_AT) {
        releaseAll();
      }
    }

    /** Releases what the iteration assigned, outside the measurement. */
    @TearDown(Level.Iteration)
    public void releaseAll() {
      for (String handle : handles) {
        ipam().releaseByHandle(handle);
      }
      handles.clear();
    }

    @TearDown(Level.Trial)
    public void close() {
      if (store != null && of != null) {
        of.store().release(store);
      }
      if (of != null) {
        of.hostClosed();
      }
    }

    Ipam ipam() {
      if (ipam == null) {
        throw new IllegalStateException("host not opened");
      }
      return ipam;
    }

    String nextHandle() {
      String handle = "k8s-pod-network." + name + "-" + next++;
      handles.add(handle);
      return handle;
    }
  }

  /** autoAssign of one IPv4 address under a new handle on this thread's host. */
  @Benchmark
  public IpAddress autoAssign(Host host) {
    return host.ipam()
        .autoAssign(AssignRequest.builder(host.nextHandle(), host.name).ipv4(1).build())
        .ipv4()
        .get(0);
  }
}
