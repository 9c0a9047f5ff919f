package dev.gingham.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.tck.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store against a real etcd that dies, restarts, compacts, and loses its connections. Lost
 * connections come from a {@link TcpProxy} between the store and etcd, so that etcd runs on while
 * the store cannot reach it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EtcdFaultTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger CASES = new AtomicInteger();

  private TcpProxy proxy;
  private String namespace;

  @BeforeEach
  void startProxy() throws Exception {
    if (!ETCD.member(0).isRunning()) {
      ETCD.member(0).start();
    }
    proxy = TcpProxy.to(ETCD.member(0).clientPort());
    namespace = "/fault/" + CASES.incrementAndGet() + "/";
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** A store that dials etcd directly. */
  private Datastore direct(String options) {
    return Datastores.open(ETCD.uri("prefix=" + namespace + "&" + options));
  }

  /** A store that dials etcd through the proxy. */
  private Datastore proxied(String options) {
    return Datastores.open("etcd://" + proxy.endpoint() + "?prefix=" + namespace + "&" + options);
  }

  @Test
  void etcdKilledAndRestartedMidStreamOfCasWritesKeepsEveryAcknowledgedWrite() throws Exception {
    try (Datastore store = direct("requestTimeout=2s&dialTimeout=5s")) {
      store.create("counter", bytes("0"));
      Set<Long> acknowledged = new ConcurrentSkipListSet<>();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicBoolean restarted = new AtomicBoolean();
      AtomicInteger acknowledgedAfterRestart = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get() && System.nanoTime() < end) {
                  try {
                    long next = casIncrementWithRecord(store);
                    if (next > 0) {
                      acknowledged.add(next);
                      if (restarted.get()) {
                        acknowledgedAfterRestart.incrementAndGet();
                      }
                    }
                  } catch (DatastoreUnavailableException e) {
                    unavailable.incrementAndGet();
                  } catch (Throwable t) {
                    unexpected.set(t);
                    return;
                  }
                }
              },
              "cas-writer");
      writer.start();
      try {
        await(() -> acknowledged.size() >= 100 || unexpected.get() != null);

        ETCD.member(0).kill();
        int beforeRestart = unavailable.get();
        await(() -> unavailable.get() > beforeRestart || unexpected.get() != null);
        ETCD.member(0).start();
        restarted.set(true);

        await(() -> acknowledgedAfterRestart.get() >= 100 || unexpected.get() != null);
      } finally {
        stop.set(true);
        writer.join(TimeUnit.SECONDS.toMillis(30));
      }

      assertThat(unexpected.get()).isNull();
      assertThat(unavailable.get()).isPositive();
      long counter = Long.parseLong(store.get("counter").orElseThrow().valueUtf8());
      Set<Long> written =
          store.listAll("w/").items().stream()
              .map(kv -> Long.parseLong(kv.valueUtf8()))
              .collect(Collectors.toCollection(TreeSet::new));
      // Each write moves the counter and records its number in one transaction: the numbers
      // present are exactly 1..counter, and every acknowledged one is among them.
      assertThat(written).hasSize((int) counter);
      assertThat(written).containsAll(acknowledged);
      assertThat(((TreeSet<Long>) written).last()).isEqualTo(counter);
      assertThat(acknowledgedAfterRestart.get()).isGreaterThanOrEqualTo(100);
    }
  }

  /**
   * One CAS increment of "counter" that also writes "w/&lt;new value&gt;".
   *
   * @return the new value, or 0 when another writer got there first
   */
  private static long casIncrementWithRecord(Datastore store) {
    KeyValue current = store.get("counter").orElseThrow();
    long next = Long.parseLong(current.valueUtf8()) + 1;
    TxnResult result =
        store.txn(
            Txn.builder()
                .compare(
                    Compare.modRevision("counter", Compare.Operator.EQUAL, current.modRevision()))
                .onSuccess(
                    Op.put("counter", bytes(Long.toString(next))),
                    Op.put(String.format("w/%08d", next), bytes(Long.toString(next))))
                .onFailure(Op.get("counter"))
                .build());
    return result.succeeded() ? next : 0;
  }

  @Test
  void aWatcherWhoseHistoryIsCompactedWhileItIsCutOffGetsOneResyncAndEnds() throws Exception {
    try (Datastore writer = direct("requestTimeout=5s");
        Datastore watching = proxied("requestTimeout=5s")) {
      RecordingListener listener = new RecordingListener();
      Watch watch = watching.watch("c/", 0, listener);
      KeyValue first = writer.put("c/1", bytes("1"));
      assertThat(listener.takeOne(WAIT)).isEqualTo(new WatchEvent.Put(first));

      proxy.block();
      writer.put("c/2", bytes("2"));
      KeyValue third = writer.put("c/3", bytes("3"));
      writer.compact(third.modRevision());
      proxy.unblock();

      WatchEvent event = listener.takeOne(WAIT);
      assertThat(event)
          .isEqualTo(new ResyncRequired(first.modRevision() + 1, ResyncRequired.Reason.COMPACTED));
      await(watch::isClosed);
      writer.put("c/4", bytes("4"));
      assertThat(listener.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void connectionsDroppedMidWatchLoseNothingAndRepeatNothing() throws Exception {
    int writes = 600;
    try (Datastore writer = direct("requestTimeout=5s");
        Datastore watching = proxied("requestTimeout=5s")) {
      RecordingListener listener = new RecordingListener();
      AtomicInteger delivered = new AtomicInteger();
      List<KeyValue> written = new ArrayList<>();
      try (Watch watch =
          watching.watch(
              "d/",
              0,
              e -> {
                delivered.incrementAndGet();
                listener.onEvent(e);
              })) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread producer =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < writes; i++) {
                      written.add(writer.put(String.format("d/%04d", i), bytes("v" + i)));
                      // Spread the writes over several seconds, so that many cuts fall among them.
                      Thread.sleep(8);
                    }
                  } catch (Throwable t) {
                    failed.set(t);
                  }
                },
                "producer");
        producer.start();
        List<Integer> deliveredAtCut = new ArrayList<>();
        while (producer.isAlive() && deliveredAtCut.size() < 40) {
          Thread.sleep(300);
          deliveredAtCut.add(delivered.get());
          if (deliveredAtCut.size() == 5) {
            // A longer outage: the writer goes on while the watcher cannot connect at all.
            proxy.block();
            Thread.sleep(700);
            proxy.unblock();
          } else {
            proxy.cut();
          }
        }
        producer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(failed.get()).isNull();
        // The watch resumed and delivered between cuts again and again, not once at the end.
        long resumedMidStream =
            IntStream.range(1, deliveredAtCut.size())
                .filter(i -> deliveredAtCut.get(i) > deliveredAtCut.get(i - 1))
                .count();
        assertThat(resumedMidStream).isGreaterThanOrEqualTo(3);

        List<WatchEvent> events = listener.take(writes, Duration.ofSeconds(60));

        assertThat(events)
            .containsExactlyElementsOf(
                written.stream().map(WatchEvent.Put::new).collect(Collectors.toList()));
        assertThat(listener.drain(Duration.ofMillis(500))).isEmpty();
        assertThat(watch.lastDeliveredRevision())
            .isEqualTo(written.get(written.size() - 1).modRevision());
      }
    }
  }

  @Test
  void aWriteThatEtcdAppliedButWhoseAnswerWasLostIsReportedAsApplied() throws Exception {
    try (Datastore store = proxied("requestTimeout=10s");
        Datastore observer = direct("requestTimeout=5s")) {
      store.put("warm-up", bytes("0")); // The connection is up before the answers are dropped.
      proxy.swallowAnswers(true);
      CompletableFuture<KeyValue> create =
          CompletableFuture.supplyAsync(() -> store.create("lost/answer", bytes("1")));
      await(() -> observer.get("lost/answer").isPresent());
      proxy.swallowAnswers(false);
      proxy.cut();

      KeyValue created = create.get(30, TimeUnit.SECONDS);

      // Retried blindly, this create would report KeyExistsException for its own key.
      assertThat(created).isEqualTo(observer.get("lost/answer").orElseThrow());
      assertThat(created.version()).isEqualTo(1);
    }
  }

  @Test
  void aWriteThatNeverReachedEtcdIsSentAgainAndAppliedOnce() throws Exception {
    try (Datastore store = proxied("requestTimeout=10s");
        Datastore observer = direct("requestTimeout=5s")) {
      KeyValue counter = store.create("counter", bytes("0"));
      proxy.swallowRequests(true);
      CompletableFuture<KeyValue> update =
          CompletableFuture.supplyAsync(
              () -> store.update("counter", bytes("1"), counter.modRevision()));
      Thread.sleep(300);
      assertThat(observer.get("counter").orElseThrow()).isEqualTo(counter);
      proxy.swallowRequests(false);
      proxy.cut();

      KeyValue updated = update.get(30, TimeUnit.SECONDS);

      assertThat(updated.valueUtf8()).isEqualTo("1");
      assertThat(updated.version()).isEqualTo(2);
      assertThat(observer.get("counter").orElseThrow()).isEqualTo(updated);
    }
  }

  @Test
  void anUnreachableEtcdFailsCallsAfterTheRequestTimeoutAndTheStoreRecovers() throws Exception {
    try (Datastore store = proxied("requestTimeout=1s&dialTimeout=5s")) {
      store.create("u/a", bytes("1"));
      proxy.block();

      long start = System.nanoTime();
      assertThatThrownBy(() -> store.get("u/a"))
          .isInstanceOf(DatastoreUnavailableException.class)
          .hasMessageContaining("1000ms")
          .hasMessageContaining("'u/a'")
          .hasMessageContaining(proxy.endpoint());
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsed).isBetween(900L, 10_000L);
      assertThatThrownBy(() -> store.create("u/b", bytes("2")))
          .isInstanceOf(DatastoreUnavailableException.class)
          .hasMessageContaining("may or may not have been applied");

      proxy.unblock();
      await(
          () -> {
            try {
              return store.get("u/a").isPresent();
            } catch (DatastoreUnavailableException e) {
              return false;
            }
          });
      // Refused at the proxy, the create never reached etcd.
      assertThat(store.get("u/b")).isEmpty();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within " + WAIT);
      }
      Thread.sleep(20);
    }
  }
}
