package dev.gingham.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.tck.DatastoreTck;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on a three-member etcd cluster on loopback, while 8 threads CAS-increment 4 counters
 * and a member is stopped (SIGTERM, as an operator stops it).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EtcdClusterTest {
  @RegisterExtension static final EtcdExtension CLUSTER = EtcdExtension.cluster(3);

  private static final int THREADS = 8;
  private static final int COUNTERS = 4;
  private static final AtomicInteger CASES = new AtomicInteger();

  @BeforeEach
  void everyMemberRuns() {
    for (EtcdProcess member : CLUSTER.members()) {
      if (!member.isRunning()) {
        member.start();
      }
    }
  }

  @Test
  void stoppingAFollowerLetsNoFailureReachTheCaller() throws Exception {
    checkAccounts(run(false));
  }

  @Test
  void stoppingTheLeaderLetsNoFailureReachTheCaller() throws Exception {
    checkAccounts(run(true));
  }

  /**
   * What must hold whichever member stops. A stopping member cuts the requests it is serving, and
   * etcd applied some of them (the cluster committed them; the answer was lost). The store settles
   * every such write through its write markers, so that it is either retried (it provably did not
   * apply) or answered (it provably did): no failure reaches the caller, and every counter holds
   * exactly its acknowledged increments, neither one lost nor one counted twice.
   */
  private static void checkAccounts(Workload run) {
    assertThat(run.failures).isEmpty();
    assertThat(run.unknown).isEmpty();
    for (int c = 0; c < COUNTERS; c++) {
      assertThat(run.values[c]).as("counter %d", c).isEqualTo(run.acknowledged.get(c));
    }
  }

  /** What one run saw. */
  private static final class Workload {
    final AtomicLongArray acknowledged = new AtomicLongArray(COUNTERS);
    final List<String> unknown = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    final long[] values = new long[COUNTERS];

    long total() {
      long sum = 0;
      for (int c = 0; c < COUNTERS; c++) {
        sum += acknowledged.get(c);
      }
      return sum;
    }
  }

  /**
   * Runs 8 CAS-incrementing threads, stops a member once 300 increments are in, and goes on until
   * 500 more are. A write reported unavailable counts as unknown, and the thread goes on (it reads
   * the counter again); anything else ends the thread and is a failure.
   */
  private static Workload run(boolean stopLeader) throws Exception {
    Workload run = new Workload();
    String prefix = "/cluster/" + CASES.incrementAndGet() + "/";
    try (Datastore store =
        Datastores.open(CLUSTER.uri("prefix=" + prefix + "&requestTimeout=10s"))) {
      for (int c = 0; c < COUNTERS; c++) {
        store.create("c/" + c, "0".getBytes(UTF_8));
      }
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch start = new CountDownLatch(1);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int counter = t % COUNTERS;
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                    while (!stop.get() && System.nanoTime() < end) {
                      try {
                        DatastoreTck.casIncrement(store, "c/" + counter);
                        run.acknowledged.incrementAndGet(counter);
                      } catch (DatastoreUnavailableException e) {
                        run.unknown.add(String.valueOf(e.getMessage()));
                      }
                    }
                  } catch (Throwable e) {
                    run.failures.add(e);
                  }
                },
                "cas-" + t);
        worker.start();
        workers.add(worker);
      }
      try {
        start.countDown();
        await(() -> run.total() >= 300 || !run.failures.isEmpty());

        EtcdProcess member = pick(stopLeader);
        member.stop();
        assertThat(member.isRunning()).isFalse();
        long atStop = run.total();

        await(() -> run.total() >= atStop + 500 || !run.failures.isEmpty());
      } finally {
        stop.set(true);
        for (Thread w : workers) {
          w.join(TimeUnit.SECONDS.toMillis(30));
        }
      }
      for (int c = 0; c < COUNTERS; c++) {
        run.values[c] = Long.parseLong(store.get("c/" + c).orElseThrow().valueUtf8());
      }
    }
    return run;
  }

  /** The leader, or a follower, as the members themselves report it. */
  private static EtcdProcess pick(boolean leader) throws Exception {
    for (EtcdProcess member : CLUSTER.members()) {
      try (Client client = Client.builder().endpoints("http://" + member.endpoint()).build()) {
        StatusResponse status =
            client.getMaintenanceClient().statusMember(member.endpoint()).get(10, TimeUnit.SECONDS);
        if ((status.getLeader() == status.getHeader().getMemberId()) == leader) {
          return member;
        }
      }
    }
    throw new AssertionError("no member says it is " + (leader ? "the leader" : "a follower"));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within 90s");
      }
      Thread.sleep(20);
    }
  }
}
