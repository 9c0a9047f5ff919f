package dev.gingham.internal.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The in-process concurrency run every store gets: sixteen hosts, four threads each, 20,000 assign
 * and release operations in all, each host with its own engine. At the end no address was handed
 * out twice, none leaked, and {@code check()} is clean.
 */
final class SixteenHosts {
  static final int HOSTS = 16;
  static final int THREADS_PER_HOST = 4;
  static final int OPERATIONS = 20_000;

  private SixteenHosts() {}

  /**
   * Creates the pools through {@code admin}, runs the churn on one engine per host, and verifies.
   *
   * @param engineForHost the engine host {@code h} uses: on a shared store, or on a client of its
   *     own
   */
  static void churnAndVerify(Ipam admin, Datastore store, IntFunction<Ipam> engineForHost)
      throws Exception {
    // 64 /28 blocks for 16 hosts: hosts claim, contend for and borrow blocks.
    admin.createPool(
        IpPool.builder("churn-v4", IpPrefix.parse("10.80.0.0/22")).blockSize(28).build());
    admin.createPool(
        IpPool.builder("churn-v6", IpPrefix.parse("fd00:80::/118")).blockSize(124).build());
    List<Ipam> engines = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      engines.add(engineForHost.apply(h));
    }
    ConcurrentMap<IpAddress, String> claimed = new ConcurrentHashMap<>();
    int workers = HOSTS * THREADS_PER_HOST;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Churn.Outcome>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        int host = w / THREADS_PER_HOST;
        int ops = OPERATIONS / workers + (w < OPERATIONS % workers ? 1 : 0);
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return Churn.run(
                      engines.get(host),
                      "host-" + host,
                      "w" + worker,
                      ops,
                      1000L + worker,
                      claimed);
                }));
      }
      start.countDown();
      List<Churn.Outcome> outcomes = new ArrayList<>();
      for (Future<Churn.Outcome> f : futures) {
        outcomes.add(f.get(8, TimeUnit.MINUTES));
      }
      int done = 0;
      int exhausted = 0;
      for (Churn.Outcome o : outcomes) {
        done += o.assigns() + o.releases() + o.exhausted();
        exhausted += o.exhausted();
      }
      assertThat(done).as("operations run").isEqualTo(OPERATIONS);
      assertThat(exhausted).as("the pools were large enough for the run").isZero();
      IpamConcurrencyCheck.verify(admin, store, outcomes);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }
}
