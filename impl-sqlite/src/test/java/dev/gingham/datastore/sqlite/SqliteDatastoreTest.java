package dev.gingham.datastore.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.tck.RecordingListener;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store does beyond the TCK: durability, bounds, locks and leases on a clock. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SqliteDatastoreTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private String uri(String query) {
    return "sqlite:" + dir.resolve("state.db") + query;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void anEmptyStoreIsAtRevisionOneWithAllHistory() {
    try (Datastore store = Datastores.open(uri(""))) {
      assertThat(store.currentRevision()).isEqualTo(1);
      assertThat(store.oldestRevision()).isEqualTo(1);
      assertThat(store.put("k", bytes("v")).modRevision()).isEqualTo(2);
    }
  }

  @Test
  void theServerVersionIsTheSqliteLibrarysAsTheDriverReportsItAndTheSchema() throws Exception {
    String library;
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("other.db"))) {
      library = raw.getMetaData().getDatabaseProductVersion();
    }
    try (Datastore store = Datastores.open(uri(""))) {
      assertThat(store.serverVersion()).contains("SQLite " + library + ", schema 1");
    }
  }

  @Test
  void stateAndHistorySurviveAReopenSoAWatcherResumesWhereItStopped() {
    List<KeyValue> written = new ArrayList<>();
    Lease lease;
    try (Datastore store = Datastores.open(uri(""))) {
      for (int i = 0; i < 5; i++) {
        written.add(store.put("k/" + i, bytes("v" + i)));
      }
      lease = store.grantLease(Duration.ofMinutes(5));
      store.create("leased", bytes("x"), lease.id());
    }
    try (Datastore store = Datastores.open(uri(""))) {
      assertThat(store.get("k/4")).contains(written.get(4));
      assertThat(store.currentRevision()).isEqualTo(written.get(4).modRevision() + 1);
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("k/", written.get(2).modRevision(), listener)) {
        assertThat(listener.take(3, WAIT))
            .containsExactly(
                new WatchEvent.Put(written.get(2)),
                new WatchEvent.Put(written.get(3)),
                new WatchEvent.Put(written.get(4)));
      }
      Lease other = store.grantLease(Duration.ofMinutes(5));
      assertThat(other.id()).isNotEqualTo(lease.id());
      // The lease outlived the process that granted it; revoking it from another works.
      store.txn(Txn.builder().onSuccess(Op.put("leased", bytes("y"), lease.id())).build());
      assertThat(store.get("leased").orElseThrow().leaseId()).isEqualTo(lease.id());
    }
  }

  @Test
  void historyIsCompactedToTheConfiguredRevisionsAndOlderWatchesResync()
      throws InterruptedException {
    try (Datastore store = Datastores.open(uri("?history=10"))) {
      long first = store.put("h/0", bytes("0")).modRevision();
      for (int i = 1; i < 30; i++) {
        store.put("h/" + i, bytes(Integer.toString(i)));
      }
      long current = store.currentRevision();

      assertThat(store.oldestRevision()).isEqualTo(current - 10 + 1);
      RecordingListener old = new RecordingListener();
      Watch stale = store.watch("h/", first, old);
      assertThat(old.takeOne(WAIT))
          .isEqualTo(new ResyncRequired(first, ResyncRequired.Reason.COMPACTED));
      awaitTrue(stale::isClosed);

      RecordingListener recent = new RecordingListener();
      try (Watch watch = store.watch("h/", store.oldestRevision(), recent)) {
        List<WatchEvent> events = recent.take(10, WAIT);
        assertThat(events).extracting(WatchEvent::revision).first().isEqualTo(current - 9);
        assertThat(events).extracting(WatchEvent::revision).last().isEqualTo(current);
      }
    }
  }

  @Test
  void aWatchWhoseUnreadHistoryAnotherWriterCompactedAwayGetsAResync() {
    // poll=60s: this store's poller looks only when this store writes, so the other writes all
    // happen, and are compacted, while it is not looking.
    try (Datastore watcher = Datastores.open(uri("?history=5&poll=60s"));
        Datastore other = Datastores.open(uri("?history=5"))) {
      RecordingListener listener = new RecordingListener();
      try (Watch watch = watcher.watch("", 0, listener)) {
        KeyValue seen = watcher.put("first", bytes("1"));
        assertThat(listener.takeOne(WAIT)).isEqualTo(new WatchEvent.Put(seen));
        for (int i = 0; i < 20; i++) {
          other.put("other/" + i, bytes("x"));
        }
        watcher.put("wake", bytes("up"));

        assertThat(listener.takeOne(WAIT))
            .isEqualTo(new ResyncRequired(seen.modRevision() + 1, ResyncRequired.Reason.COMPACTED));
        assertThat(listener.drain(Duration.ofMillis(200))).isEmpty();
      }
    }
  }

  @Test
  void aWriteLockHeldTooLongByAnotherProcessIsUnavailableWhileReadsGoOn() throws Exception {
    try (Datastore store = Datastores.open(uri("?busy=200ms"))) {
      store.put("k", bytes("1"));
      try (Connection other =
              DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE");

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.put("k", bytes("2")))
            .isInstanceOf(DatastoreUnavailableException.class)
            .hasMessageContaining("locked")
            .hasMessageContaining("busy")
            .hasMessageContaining("'k'");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(store.get("k").orElseThrow().valueUtf8()).isEqualTo("1");

        s.execute("ROLLBACK");
      }
      assertThat(store.put("k", bytes("3")).valueUtf8()).isEqualTo("3");
    }
  }

  @Test
  void aPutOnAnUnknownLeaseWritesNothing() {
    try (Datastore store = Datastores.open(uri(""))) {
      long before = store.currentRevision();

      assertThatThrownBy(
              () ->
                  store.txn(
                      Txn.builder()
                          .onSuccess(Op.put("a", bytes("1")), Op.put("b", bytes("2"), 4242))
                          .build()))
          .isInstanceOfSatisfying(
              LeaseExpiredException.class, e -> assertThat(e.leaseId()).isEqualTo(4242));
      assertThat(store.get("a")).isEmpty();
      assertThat(store.currentRevision()).isEqualTo(before);
    }
  }

  @Test
  void aLeasePastItsDeadlineIsEndedByTheFirstPutOrKeepAliveThatFindsIt() {
    MutableClock clock = new MutableClock();
    try (Datastore store = SqliteDatastore.open(SqliteOptions.parse(URI.create(uri(""))), clock)) {
      Lease lease = store.grantLease(Duration.ofSeconds(30));
      store.create("l/a", bytes("1"), lease.id());
      Lease renewed = store.grantLease(Duration.ofSeconds(30));
      store.create("l/b", bytes("2"), renewed.id());
      long before = store.currentRevision();

      clock.advance(Duration.ofSeconds(20));
      renewed.keepAlive();
      clock.advance(Duration.ofSeconds(20));

      assertThatThrownBy(() -> store.create("l/c", bytes("3"), lease.id()))
          .isInstanceOf(LeaseExpiredException.class);
      assertThat(store.get("l/a")).isEmpty();
      assertThat(store.get("l/c")).isEmpty();
      assertThat(store.get("l/b")).isPresent();
      assertThat(store.currentRevision()).isEqualTo(before + 1);
      assertThatThrownBy(lease::keepAlive).isInstanceOf(LeaseExpiredException.class);

      clock.advance(Duration.ofSeconds(20));
      assertThatThrownBy(renewed::keepAlive).isInstanceOf(LeaseExpiredException.class);
      assertThat(store.get("l/b")).isEmpty();
    }
  }

  @Test
  void leasesAreGrantedForAtLeastTheMinimum() {
    try (Datastore store = Datastores.open(uri(""))) {
      assertThat(store.grantLease(Duration.ofMillis(1)).ttl()).isEqualTo(Leases.MIN_TTL);
      assertThat(store.grantLease(Duration.ofNanos(1_500_000_001)).ttl())
          .isEqualTo(Duration.ofMillis(1501));
      assertThatThrownBy(() -> store.grantLease(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive");
    }
  }

  @Test
  void aListenerThatFallsBehindGetsOneResyncAndTheStoreGoesOn() throws InterruptedException {
    try (Datastore store = Datastores.open(uri("?watchQueue=8"))) {
      CountDownLatch release = new CountDownLatch(1);
      RecordingListener seen = new RecordingListener();
      Watch slow =
          store.watch(
              "",
              0,
              e -> {
                seen.onEvent(e);
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              });
      RecordingListener fast = new RecordingListener();
      try (Watch healthy = store.watch("", 0, fast)) {
        for (int i = 0; i < 30; i++) {
          store.put("k" + i, bytes("v"));
          fast.takeOne(WAIT);
        }
        release.countDown();

        List<WatchEvent> events = seen.take(2, WAIT);
        assertThat(events.get(0)).isInstanceOf(WatchEvent.Put.class);
        assertThat(events.get(1)).isInstanceOf(ResyncRequired.class);
        assertThat(((ResyncRequired) events.get(1)).reason())
            .isEqualTo(ResyncRequired.Reason.SLOW_CONSUMER);
        awaitTrue(slow::isClosed);
        assertThat(healthy.isClosed()).isFalse();
      }
    }
  }

  @Test
  void closeIsIdempotentEndsWatchesAndStopsItsThreads() {
    Datastore store = Datastores.open(uri(""));
    Watch watch = store.watch("", 0, e -> {});
    store.put("k", bytes("v"));

    store.close();
    store.close();

    assertThat(watch.isClosed()).isTrue();
    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    String path = dir.resolve("state.db").toString();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("gingham-sqlite") && t.getName().endsWith(path));
  }

  /** Polls a condition that becomes true asynchronously, failing after {@link #WAIT}. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within " + WAIT);
      }
      Thread.sleep(10);
    }
  }
}
