package dev.gingham.benchmarks.datastore;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.RevisionMismatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Compare-and-swap increments, the datastore pattern under IPAM, by 16 concurrent clients on the
 * in-memory, SQLite and etcd stores, in one run.
 *
 * <p>Each of the 16 JMH threads is one client, as one host would be: for SQLite and etcd it opens
 * its own store (its own connection); the in-memory store is private to its opener, so the threads
 * share one. Each client increments its own counter (read, then update at the revision read), as
 * hosts mostly write their own IPAM blocks. etcd is a real single member on loopback, started by
 * the benchmark with Debian's {@code /usr/bin/etcd}, fsyncing every commit as it always does; the
 * SQLite file lives in {@code java.io.tmpdir} with its default {@code sync=full}.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar CasIncrementBenchmark -f 1}. The
 * throughput mode gives increments per second summed over the 16 clients; the sample mode gives the
 * latency percentiles of one increment (two round trips).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 10)
@Threads(16)
@Fork(1)
public class CasIncrementBenchmark {

  /** One store for the whole run, and for etcd the server behind it. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"memory", "sqlite", "etcd"})
    public String kind;

    private @Nullable BenchmarkStore store;
    private final AtomicInteger clients = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws IOException {
      store = BenchmarkStore.start(kind);
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (store != null) {
        store.close();
      }
    }

    BenchmarkStore store() {
      if (store == null) {
        throw new IllegalStateException("store not started");
      }
      return store;
    }

    int nextClient() {
      return clients.getAndIncrement();
    }
  }

  /** One client: its store and its counter. */
  @State(Scope.Thread)
  public static class Client {
    private @Nullable Datastore store;
    private @Nullable Store of;
    String key = "";

    /** Conflicts met; none are expected, since no other client writes this counter. */
    long conflicts;

    @Setup(Level.Trial)
    public void open(Store shared) {
      of = shared;
      store = shared.store().open();
      key = "counter/" + shared.nextClient();
      store.put(key, "0".getBytes(StandardCharsets.UTF_8));
    }

    @TearDown(Level.Trial)
    public void close() {
      if (store != null && of != null) {
        of.store().release(store);
      }
    }

    Datastore store() {
      if (store == null) {
        throw new IllegalStateException("client not opened");
      }
      return store;
    }
  }

  /**
   * Reads the counter and writes it back plus one at the revision read, retrying on conflict (none
   * is expected: no other client writes this counter).
   */
  @Benchmark
  public long casIncrement(Client client) {
    Datastore store = client.store();
    while (true) {
      KeyValue current = store.get(client.key).orElseThrow();
      long next = Long.parseLong(current.valueUtf8()) + 1;
      try {
        return store
            .update(
                client.key,
                Long.toString(next).getBytes(StandardCharsets.UTF_8),
                current.modRevision())
            .modRevision();
      } catch (RevisionMismatchException e) {
        // Read again and retry.
      }
    }
  }
}
