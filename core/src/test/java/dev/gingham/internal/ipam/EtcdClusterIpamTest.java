package dev.gingham.internal.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.core.Ipams;
import dev.gingham.datastore.etcd.EtcdExtension;
import dev.gingham.datastore.etcd.EtcdProcess;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IPAM on a three-member etcd cluster while one member stops (SIGTERM, as an operator stops it) in
 * the middle of the allocations: not one failure reaches a caller, and afterwards no address was
 * handed out twice, none leaked, and {@code check()} is clean.
 */
@Tag("etcd")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class EtcdClusterIpamTest {
  @RegisterExtension static final EtcdExtension CLUSTER = EtcdExtension.cluster(3);

  private static final int HOSTS = 8;
  private static final int OPS_PER_HOST = 400;

  @AfterEach
  void everyMemberRunsAgain() {
    for (EtcdProcess member : CLUSTER.members()) {
      if (!member.isRunning()) {
        member.start();
      }
    }
  }

  @Test
  void allocationGoesOnWhenAMemberStops() throws Exception {
    String uri = CLUSTER.uri("prefix=/ipam-cluster/&requestTimeout=10s");
    List<Datastore> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(HOSTS);
    try (Datastore admin = Datastores.open(uri)) {
      Ipam adminIpam = Ipams.create(admin);
      adminIpam.createPool(
          IpPool.builder("cluster-v4", IpPrefix.parse("10.90.0.0/20")).blockSize(26).build());
      adminIpam.createPool(
          IpPool.builder("cluster-v6", IpPrefix.parse("fd00:90::/112")).blockSize(122).build());
      ConcurrentMap<IpAddress, String> claimed = new ConcurrentHashMap<>();
      List<Future<Churn.Outcome>> futures = new ArrayList<>();
      long startRevision = admin.currentRevision();
      for (int h = 0; h < HOSTS; h++) {
        Datastore client = Datastores.open(uri);
        clients.add(client);
        Ipam ipam = Ipams.create(client);
        String host = "node-" + h;
        long seed = 7_000L + h;
        futures.add(pool.submit(() -> Churn.run(ipam, host, host, OPS_PER_HOST, seed, claimed)));
      }

      // Stop a member once the allocations are well under way, while they still run.
      awaitRevision(admin::currentRevision, startRevision + 300, futures);
      EtcdProcess stopped = CLUSTER.member(1);
      stopped.stop();
      assertThat(stopped.isRunning()).isFalse();
      assertThat(futures)
          .as("hosts still allocating when the member stopped")
          .anyMatch(f -> !f.isDone());

      List<Churn.Outcome> outcomes = new ArrayList<>();
      for (Future<Churn.Outcome> f : futures) {
        outcomes.add(f.get(6, TimeUnit.MINUTES)); // any failure that reached a caller throws here
      }
      int exhausted = outcomes.stream().mapToInt(Churn.Outcome::exhausted).sum();
      assertThat(exhausted).as("the pool was large enough for the run").isZero();
      IpamConcurrencyCheck.verify(adminIpam, admin, outcomes);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      clients.forEach(Datastore::close);
    }
  }

  /** Waits for the store to reach a revision; a host that fails meanwhile fails the test. */
  private static void awaitRevision(
      LongSupplier revision, long target, List<Future<Churn.Outcome>> hosts) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long reached;
    while ((reached = revision.getAsLong()) < target) {
      for (Future<Churn.Outcome> host : hosts) {
        if (host.isDone()) {
          host.get(); // throws what the host met
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "allocations reached revision " + reached + ", not " + target + ", in 2 minutes");
      }
      Thread.sleep(20);
    }
  }
}
