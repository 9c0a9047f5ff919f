package dev.gingham.spi.datastore.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyExistsException;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.RevisionMismatchException;
import dev.gingham.spi.datastore.Snapshot;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Datastore} keeps. An implementation's test extends this class and says
 * how to open a fresh, empty store; every case then runs against it.
 *
 * <p>Stores are reached only through the SPI, so a case that passes here passes for the reason the
 * contract gives, not for an implementation detail. Waits are bounded; nothing sleeps to assert.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class DatastoreTck {
  /** How long to wait for an event that must arrive. */
  protected static final Duration EVENT_WAIT = Duration.ofSeconds(10);

  /** How long to wait to show that no further event arrives. */
  protected static final Duration QUIET = Duration.ofMillis(300);

  protected Datastore store;

  /** Opens a new, empty store. Called before every case; the kit closes it afterwards. */
  protected abstract Datastore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  protected static long counterValue(KeyValue kv) {
    return Long.parseLong(kv.valueUtf8());
  }

  @Nested
  @DisplayName("creating and reading keys")
  class CreatingAndReading {
    @Test
    @DisplayName("a created key reads back with version 1 and equal create and mod revisions")
    void createThenGet() {
      KeyValue created = store.create("a/one", bytes("1"));

      assertThat(created.key()).isEqualTo("a/one");
      assertThat(created.valueUtf8()).isEqualTo("1");
      assertThat(created.version()).isEqualTo(1);
      assertThat(created.modRevision()).isEqualTo(created.createRevision());
      assertThat(created.leaseId()).isEqualTo(Lease.NONE);
      assertThat(store.get("a/one")).contains(created);
    }

    @Test
    @DisplayName("creating a key that exists fails, names the key, and changes nothing")
    void createExistingFails() {
      KeyValue first = store.create("a/one", bytes("1"));
      long revision = store.currentRevision();

      assertThatThrownBy(() -> store.create("a/one", bytes("2")))
          .isInstanceOfSatisfying(
              KeyExistsException.class,
              e -> {
                assertThat(e.key()).isEqualTo("a/one");
                assertThat(e.modRevision()).isEqualTo(first.modRevision());
              })
          .hasMessageContaining("a/one");
      assertThat(store.get("a/one")).contains(first);
      assertThat(store.currentRevision()).isEqualTo(revision);
    }

    @Test
    @DisplayName("an absent key reads as empty")
    void absentIsEmpty() {
      assertThat(store.get("nothing/here")).isEmpty();
    }

    @Test
    @DisplayName("put overwrites, keeps the create revision and counts versions")
    void putOverwrites() {
      KeyValue v1 = store.put("k", bytes("1"));
      KeyValue v2 = store.put("k", bytes("2"));

      assertThat(v2.createRevision()).isEqualTo(v1.createRevision());
      assertThat(v2.modRevision()).isGreaterThan(v1.modRevision());
      assertThat(v2.version()).isEqualTo(2);
      assertThat(store.get("k").orElseThrow().valueUtf8()).isEqualTo("2");
    }

    @Test
    @DisplayName("the store keeps its own copy of values, in and out")
    void valuesAreCopied() {
      byte[] value = bytes("original");
      store.create("k", value);
      value[0] = 'X';
      byte[] read = store.get("k").orElseThrow().value();
      read[1] = 'Y';

      assertThat(store.get("k").orElseThrow().valueUtf8()).isEqualTo("original");
    }

    @Test
    @DisplayName("an empty value is a value")
    void emptyValue() {
      store.create("k", new byte[0]);

      assertThat(store.get("k").orElseThrow().valueLength()).isZero();
    }
  }

  @Nested
  @DisplayName("compare-and-swap")
  class CompareAndSwap {
    @Test
    @DisplayName("an update at the current revision succeeds")
    void updateAtCurrentRevision() {
      KeyValue v1 = store.create("k", bytes("1"));
      KeyValue v2 = store.update("k", bytes("2"), v1.modRevision());

      assertThat(v2.modRevision()).isGreaterThan(v1.modRevision());
      assertThat(v2.version()).isEqualTo(2);
      assertThat(store.get("k")).contains(v2);
    }

    @Test
    @DisplayName("an update at a stale revision fails with both revisions and writes nothing")
    void updateAtStaleRevision() {
      KeyValue v1 = store.create("k", bytes("1"));
      KeyValue v2 = store.update("k", bytes("2"), v1.modRevision());
      long revision = store.currentRevision();

      assertThatThrownBy(() -> store.update("k", bytes("3"), v1.modRevision()))
          .isInstanceOfSatisfying(
              RevisionMismatchException.class,
              e -> {
                assertThat(e.key()).isEqualTo("k");
                assertThat(e.expectedRevision()).isEqualTo(v1.modRevision());
                assertThat(e.actualRevision()).isEqualTo(v2.modRevision());
              });
      assertThat(store.get("k")).contains(v2);
      assertThat(store.currentRevision()).isEqualTo(revision);
    }

    @Test
    @DisplayName("an update of an absent key fails with actual revision 0")
    void updateOfAbsentKey() {
      assertThatThrownBy(() -> store.update("k", bytes("1"), 5))
          .isInstanceOfSatisfying(
              RevisionMismatchException.class, e -> assertThat(e.actualRevision()).isZero());
      assertThat(store.get("k")).isEmpty();
    }

    @Test
    @DisplayName("an update expecting revision 0 creates an absent key, and fails on a present one")
    void updateExpectingAbsence() {
      KeyValue created = store.update("k", bytes("1"), 0);

      assertThat(created.version()).isEqualTo(1);
      assertThatThrownBy(() -> store.update("k", bytes("2"), 0))
          .isInstanceOf(RevisionMismatchException.class);
    }

    @Test
    @DisplayName("a delete at a stale revision fails and keeps the key")
    void deleteAtStaleRevision() {
      KeyValue v1 = store.create("k", bytes("1"));
      KeyValue v2 = store.update("k", bytes("2"), v1.modRevision());

      assertThatThrownBy(() -> store.delete("k", v1.modRevision()))
          .isInstanceOfSatisfying(
              RevisionMismatchException.class,
              e -> assertThat(e.actualRevision()).isEqualTo(v2.modRevision()));
      assertThat(store.get("k")).contains(v2);
    }

    @Test
    @DisplayName("a delete at the current revision removes the key")
    void deleteAtCurrentRevision() {
      KeyValue v1 = store.create("k", bytes("1"));

      store.delete("k", v1.modRevision());

      assertThat(store.get("k")).isEmpty();
    }

    @Test
    @DisplayName("a delete of an absent key at a revision fails with actual revision 0")
    void deleteOfAbsentKeyAtRevision() {
      assertThatThrownBy(() -> store.delete("k", 3))
          .isInstanceOfSatisfying(
              RevisionMismatchException.class, e -> assertThat(e.actualRevision()).isZero());
    }

    @Test
    @DisplayName("an unconditional delete says whether the key existed")
    void unconditionalDelete() {
      store.create("k", bytes("1"));

      assertThat(store.delete("k")).isTrue();
      assertThat(store.delete("k")).isFalse();
      assertThat(store.get("k")).isEmpty();
    }

    @Test
    @DisplayName("a delete expecting a revision below 1 is refused before anything is sent")
    void deleteAtRevisionZeroRefused() {
      store.create("k", bytes("1"));

      assertThatThrownBy(() -> store.delete("k", 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive");
      assertThat(store.get("k")).isPresent();
    }
  }

  @Nested
  @DisplayName("revisions")
  class Revisions {
    @Test
    @DisplayName("grow with every write, and the current revision is the latest write's")
    void growMonotonically() {
      long previous = store.currentRevision();
      for (int i = 0; i < 20; i++) {
        KeyValue kv = store.put("k" + (i % 3), bytes(Integer.toString(i)));
        assertThat(kv.modRevision()).isGreaterThan(previous);
        assertThat(store.currentRevision()).isEqualTo(kv.modRevision());
        previous = kv.modRevision();
      }
    }

    @Test
    @DisplayName("a transaction writing several keys is one revision")
    void oneRevisionPerTransaction() {
      long before = store.currentRevision();

      TxnResult result =
          store.txn(
              Txn.builder()
                  .onSuccess(
                      Op.put("a", bytes("1")), Op.put("b", bytes("2")), Op.put("c", bytes("3")))
                  .build());

      assertThat(result.succeeded()).isTrue();
      assertThat(result.revision()).isEqualTo(before + 1);
      assertThat(store.currentRevision()).isEqualTo(before + 1);
      for (String key : List.of("a", "b", "c")) {
        assertThat(store.get(key).orElseThrow().modRevision()).isEqualTo(before + 1);
      }
    }

    @Test
    @DisplayName("reads, failed compares and deletes of absent keys do not move the revision")
    void noWriteNoRevision() {
      KeyValue kv = store.create("k", bytes("1"));
      long before = store.currentRevision();

      store.get("k");
      store.list("", "", 10);
      store.txn(Txn.builder().onSuccess(Op.get("k")).build());
      assertThatThrownBy(() -> store.update("k", bytes("2"), kv.modRevision() + 100))
          .isInstanceOf(RevisionMismatchException.class);
      store.delete("absent");

      assertThat(store.currentRevision()).isEqualTo(before);
    }
  }

  @Nested
  @DisplayName("transactions")
  class Transactions {
    @Test
    @DisplayName("when a compare fails, no write of the success branch happens")
    void failedCompareWritesNothing() {
      KeyValue a = store.create("a", bytes("1"));
      long before = store.currentRevision();

      TxnResult result =
          store.txn(
              Txn.builder()
                  .compare(Compare.modRevision("a", Compare.Operator.EQUAL, a.modRevision()))
                  .compare(Compare.present("b"))
                  .onSuccess(Op.put("a", bytes("2")), Op.put("c", bytes("3")), Op.delete("d"))
                  .onFailure(Op.get("a"), Op.get("b"))
                  .build());

      assertThat(result.succeeded()).isFalse();
      assertThat(result.found(0)).contains(a);
      assertThat(result.found(1)).isEmpty();
      assertThat(store.get("a")).contains(a);
      assertThat(store.get("c")).isEmpty();
      assertThat(store.currentRevision()).isEqualTo(before);
    }

    @Test
    @DisplayName("when every compare holds, every write happens")
    void successfulCompareWritesAll() {
      KeyValue a = store.create("a", bytes("1"));

      TxnResult result =
          store.txn(
              Txn.builder()
                  .compare(Compare.modRevision("a", Compare.Operator.EQUAL, a.modRevision()))
                  .compare(Compare.absent("b"))
                  .onSuccess(Op.delete("a"), Op.put("b", bytes("2")), Op.put("c", bytes("3")))
                  .build());

      assertThat(result.succeeded()).isTrue();
      assertThat(result.deleted(0)).isTrue();
      assertThat(store.get("a")).isEmpty();
      assertThat(store.get("b").orElseThrow().valueUtf8()).isEqualTo("2");
      assertThat(store.get("c").orElseThrow().valueUtf8()).isEqualTo("3");
    }

    @Test
    @DisplayName("a get sees the writes before it in its branch")
    void getSeesEarlierWrites() {
      store.create("a", bytes("old"));

      TxnResult result =
          store.txn(
              Txn.builder()
                  .onSuccess(
                      Op.get("a"),
                      Op.put("a", bytes("new")),
                      Op.get("a"),
                      Op.delete("b"),
                      Op.get("b"))
                  .build());

      assertThat(result.found(0).orElseThrow().valueUtf8()).isEqualTo("old");
      assertThat(result.found(2).orElseThrow().valueUtf8()).isEqualTo("new");
      assertThat(result.found(2).orElseThrow().modRevision()).isEqualTo(result.revision());
      assertThat(result.found(4)).isEmpty();
    }

    @Test
    @DisplayName("compares on an absent key see revision 0")
    void comparesOnAbsentKey() {
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.EQUAL, 0))).isTrue();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.LESS, 1))).isTrue();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.GREATER, 0))).isFalse();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.NOT_EQUAL, 0))).isFalse();
    }

    @Test
    @DisplayName("compares on a present key see its mod revision")
    void comparesOnPresentKey() {
      long rev = store.create("x", bytes("1")).modRevision();

      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.EQUAL, rev))).isTrue();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.NOT_EQUAL, rev))).isFalse();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.LESS, rev + 1))).isTrue();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.GREATER, rev))).isFalse();
      assertThat(txnWith(Compare.modRevision("x", Compare.Operator.GREATER, rev - 1))).isTrue();
    }

    private boolean txnWith(Compare compare) {
      return store.txn(Txn.builder().compare(compare).onSuccess(Op.get("x")).build()).succeeded();
    }

    @Test
    @DisplayName("a put with an unknown lease fails and writes nothing of its transaction")
    void putWithUnknownLease() {
      long before = store.currentRevision();

      assertThatThrownBy(
              () ->
                  store.txn(
                      Txn.builder()
                          .onSuccess(Op.put("a", bytes("1")), Op.put("b", bytes("2"), 987_654_321L))
                          .build()))
          .isInstanceOf(LeaseExpiredException.class);
      assertThat(store.get("a")).isEmpty();
      assertThat(store.get("b")).isEmpty();
      assertThat(store.currentRevision()).isEqualTo(before);
    }

    @Test
    @DisplayName("a branch that writes one key twice, or a transaction too large, is refused")
    void malformedTransactionsRefused() {
      assertThatThrownBy(
              () -> Txn.builder().onSuccess(Op.put("a", bytes("1")), Op.delete("a")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a'");
      Op[] ops =
          IntStream.range(0, Datastore.MAX_TXN_OPS + 1)
              .mapToObj(i -> Op.put("k" + i, bytes("v")))
              .toArray(Op[]::new);
      assertThatThrownBy(() -> Txn.builder().onSuccess(ops).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(Datastore.MAX_TXN_OPS));
    }

    @Test
    @DisplayName("a transaction carrying more bytes than a request may is refused")
    void oversizedTransactionRefused() {
      byte[] big = new byte[Datastore.MAX_TXN_BYTES / 2];

      assertThatThrownBy(() -> Txn.builder().onSuccess(Op.put("a", big), Op.put("b", big)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(Datastore.MAX_TXN_BYTES));
      assertThat(store.get("a")).isEmpty();
    }

    @Test
    @DisplayName("a transaction of the largest allowed size runs")
    void largestTransaction() {
      Op[] ops =
          IntStream.range(0, Datastore.MAX_TXN_OPS)
              .mapToObj(i -> Op.put(String.format("k%03d", i), bytes("v" + i)))
              .toArray(Op[]::new);

      assertThat(store.txn(Txn.builder().onSuccess(ops).build()).succeeded()).isTrue();
      assertThat(store.listAll("k").items()).hasSize(Datastore.MAX_TXN_OPS);
    }
  }

  @Nested
  @DisplayName("listing")
  class Listing {
    @Test
    @DisplayName("lists the keys under a prefix, in order, and nothing beside it")
    void listsUnderPrefix() {
      for (String key : List.of("a0", "a/2", "a", "a/1", "b/1", "a/10", "a.", "a/")) {
        store.create(key, bytes(key));
      }

      assertThat(keys(store.list("a/", "", 100))).containsExactly("a/", "a/1", "a/10", "a/2");
      assertThat(keys(store.list("", "", 100)))
          .containsExactly("a", "a.", "a/", "a/1", "a/10", "a/2", "a0", "b/1");
      assertThat(keys(store.list("c", "", 100))).isEmpty();
    }

    @Test
    @DisplayName("pages through a prefix without loss or repetition")
    void pages() {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String key = String.format("p/%02d", i);
        all.add(key);
        store.create(key, bytes(key));
      }
      store.create("q", bytes("outside"));

      List<String> seen = new ArrayList<>();
      String after = "";
      int pages = 0;
      while (true) {
        Page page = store.list("p/", after, 10);
        pages++;
        assertThat(page.items()).hasSizeLessThanOrEqualTo(10);
        seen.addAll(keys(page));
        if (!page.more()) {
          break;
        }
        after = page.items().get(page.items().size() - 1).key();
      }

      assertThat(pages).isEqualTo(3);
      assertThat(seen).isEqualTo(all);
      assertThat(keys(store.listAll("p/").items())).isEqualTo(all);
    }

    @Test
    @DisplayName("a page that ends exactly at the last key says there is no more")
    void exactPage() {
      for (int i = 0; i < 10; i++) {
        store.create("p/" + i, bytes("v"));
      }

      Page page = store.list("p/", "", 10);

      assertThat(page.items()).hasSize(10);
      assertThat(page.more()).isFalse();
    }

    @Test
    @DisplayName("a listing carries the revision it was read at")
    void listRevision() {
      store.create("a", bytes("1"));
      long rev = store.create("b", bytes("2")).modRevision();

      assertThat(store.list("", "", 10).revision()).isGreaterThanOrEqualTo(rev);
      Snapshot snapshot = store.listAll("");
      assertThat(snapshot.revision()).isGreaterThanOrEqualTo(rev);
      assertThat(snapshot.items()).hasSize(2);
    }

    @Test
    @DisplayName("refuses a page size out of range")
    void badLimit() {
      assertThatThrownBy(() -> store.list("", "", 0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.list("", "", Datastore.MAX_PAGE_SIZE + 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("watching")
  class Watching {
    @Test
    @DisplayName("delivers puts and deletes from now on, in revision order")
    void deliversInOrder() {
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("w/", 0, listener)) {
        KeyValue a = store.create("w/a", bytes("1"));
        KeyValue b = store.update("w/a", bytes("2"), a.modRevision());
        store.create("w/b", bytes("3"));
        store.delete("w/a", b.modRevision());

        List<WatchEvent> events = listener.take(4, EVENT_WAIT);

        assertThat(events.get(0)).isEqualTo(new WatchEvent.Put(a));
        assertThat(events.get(1)).isEqualTo(new WatchEvent.Put(b));
        assertThat(((WatchEvent.Put) events.get(2)).keyValue().key()).isEqualTo("w/b");
        assertThat(events.get(3)).isInstanceOf(WatchEvent.Delete.class);
        assertThat(((WatchEvent.Delete) events.get(3)).key()).isEqualTo("w/a");
        assertThat(events).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
        assertThat(watch.lastDeliveredRevision()).isEqualTo(events.get(3).revision());
      }
    }

    @Test
    @DisplayName("resumes from a past revision and goes on live, without gap or repeat")
    void resumesFromPastRevision() {
      List<KeyValue> written = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        written.add(store.put("w/" + i, bytes(Integer.toString(i))));
      }
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("w/", written.get(2).modRevision(), listener)) {
        KeyValue live = store.put("w/live", bytes("live"));

        List<WatchEvent> events = listener.take(4, EVENT_WAIT);

        assertThat(events)
            .containsExactly(
                new WatchEvent.Put(written.get(2)),
                new WatchEvent.Put(written.get(3)),
                new WatchEvent.Put(written.get(4)),
                new WatchEvent.Put(live));
        assertThat(listener.drain(QUIET)).isEmpty();
      }
    }

    @Test
    @DisplayName("delivers only keys under its prefix")
    void onlyPrefix() {
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("w/", 0, listener)) {
        store.put("x/1", bytes("no"));
        store.put("w", bytes("no"));
        KeyValue yes = store.put("w/1", bytes("yes"));

        assertThat(listener.takeOne(EVENT_WAIT)).isEqualTo(new WatchEvent.Put(yes));
        assertThat(listener.drain(QUIET)).isEmpty();
      }
    }

    @Test
    @DisplayName("events of one transaction share its revision")
    void transactionEventsShareRevision() {
      store.put("w/old", bytes("1"));
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("w/", 0, listener)) {
        TxnResult result =
            store.txn(
                Txn.builder()
                    .onSuccess(
                        Op.put("w/b", bytes("2")), Op.delete("w/old"), Op.put("w/a", bytes("3")))
                    .build());

        List<WatchEvent> events = listener.take(3, EVENT_WAIT);

        assertThat(events).extracting(WatchEvent::revision).containsOnly(result.revision());
        assertThat(events).filteredOn(WatchEvent.Delete.class::isInstance).hasSize(1);
      }
    }

    @Test
    @DisplayName("from a future revision, skips what comes before it")
    void futureRevision() {
      long next = store.currentRevision() + 2;
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("", next, listener)) {
        store.put("a", bytes("skipped"));
        KeyValue second = store.put("b", bytes("seen"));

        assertThat(second.modRevision()).isEqualTo(next);
        assertThat(listener.takeOne(EVENT_WAIT)).isEqualTo(new WatchEvent.Put(second));
      }
    }

    @Test
    @DisplayName("once closed, delivers nothing more")
    void closeStops() {
      RecordingListener listener = new RecordingListener();
      Watch watch = store.watch("", 0, listener);
      store.put("a", bytes("1"));
      listener.takeOne(EVENT_WAIT);

      watch.close();
      store.put("b", bytes("2"));

      assertThat(watch.isClosed()).isTrue();
      assertThat(listener.drain(QUIET)).isEmpty();
    }

    @Test
    @DisplayName("a listener that throws ends its own watch and no other")
    void throwingListener() {
      RecordingListener healthy = new RecordingListener();
      CountDownLatch thrown = new CountDownLatch(1);
      Watch failing =
          store.watch(
              "",
              0,
              e -> {
                thrown.countDown();
                throw new IllegalStateException("listener bug (expected by the test)");
              });
      try (Watch other = store.watch("", 0, healthy)) {
        store.put("a", bytes("1"));
        store.put("b", bytes("2"));

        assertThat(healthy.take(2, EVENT_WAIT)).hasSize(2);
        assertThat(awaitLatch(thrown)).isTrue();
        awaitTrue(failing::isClosed);
        assertThat(other.isClosed()).isFalse();
      }
    }

    @Test
    @DisplayName("sees every write of concurrent writers exactly once, in revision order")
    void concurrentWriters() throws Exception {
      RecordingListener listener = new RecordingListener();
      int writers = 4;
      int perWriter = 100;
      try (Watch watch = store.watch("c/", 0, listener)) {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(
                pool.submit(
                    () -> {
                      for (int i = 0; i < perWriter; i++) {
                        store.put("c/" + id + "/" + i, bytes("v"));
                      }
                    }));
          }
          for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }

        List<WatchEvent> events = listener.take(writers * perWriter, EVENT_WAIT.multipliedBy(3));

        assertThat(events).extracting(WatchEvent::revision).isSorted().doesNotHaveDuplicates();
        assertThat(events)
            .map(e -> ((WatchEvent.Put) e).keyValue().key())
            .doesNotHaveDuplicates()
            .hasSize(writers * perWriter);
        assertThat(listener.drain(QUIET)).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("resync")
  class Resync {
    @Test
    @DisplayName("a watch from compacted history gets one resync event and ends")
    void compactedHistory() {
      long first = store.put("r/a", bytes("1")).modRevision();
      store.put("r/b", bytes("2"));
      long last = store.put("r/c", bytes("3")).modRevision();
      store.compact(last);

      RecordingListener listener = new RecordingListener();
      Watch watch = store.watch("r/", first, listener);

      WatchEvent event = listener.takeOne(EVENT_WAIT);
      assertThat(event).isInstanceOf(ResyncRequired.class);
      assertThat(((ResyncRequired) event).reason()).isEqualTo(ResyncRequired.Reason.COMPACTED);
      awaitTrue(watch::isClosed);
      store.put("r/d", bytes("4"));
      assertThat(listener.drain(QUIET)).isEmpty();
    }

    @Test
    @DisplayName("history after the compacted revision is still delivered")
    void afterCompaction() {
      long compacted = store.put("r/a", bytes("1")).modRevision();
      KeyValue kept = store.put("r/b", bytes("2"));
      store.compact(compacted);

      assertThat(store.oldestRevision()).isEqualTo(compacted + 1);
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("r/", compacted + 1, listener)) {
        assertThat(listener.takeOne(EVENT_WAIT)).isEqualTo(new WatchEvent.Put(kept));
      }
    }

    @Test
    @DisplayName("compaction is idempotent, refuses the future, and keeps current values")
    void compactionRules() {
      KeyValue a = store.put("r/a", bytes("1"));
      long rev = store.put("r/b", bytes("2")).modRevision();

      store.compact(rev);
      store.compact(rev);
      store.compact(a.modRevision());

      assertThatThrownBy(() -> store.compact(store.currentRevision() + 10))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.get("r/a")).contains(a);
      assertThat(store.listAll("r/").items()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("leases")
  class Leases {
    @Test
    @DisplayName("a key on a lease is deleted when the lease expires, with a delete event")
    void expiry() {
      Lease lease = store.grantLease(Duration.ofSeconds(1));
      KeyValue kv = store.create("l/a", bytes("1"), lease.id());
      assertThat(kv.leaseId()).isEqualTo(lease.id());
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("l/", kv.modRevision() + 1, listener)) {
        WatchEvent event = listener.takeOne(lease.ttl().multipliedBy(5).plus(EVENT_WAIT));

        assertThat(event).isInstanceOf(WatchEvent.Delete.class);
        assertThat(((WatchEvent.Delete) event).key()).isEqualTo("l/a");
        assertThat(store.get("l/a")).isEmpty();
        assertThatThrownBy(lease::keepAlive).isInstanceOf(LeaseExpiredException.class);
      }
    }

    @Test
    @DisplayName("keep-alive holds a lease past its time to live")
    void keepAlive() throws InterruptedException {
      Lease lease = store.grantLease(Duration.ofSeconds(1));
      store.create("l/a", bytes("1"), lease.id());
      long ttlMillis = lease.ttl().toMillis();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ttlMillis * 2 + 500);

      while (System.nanoTime() < end) {
        lease.keepAlive();
        Thread.sleep(ttlMillis / 4);
      }

      assertThat(store.get("l/a")).isPresent();
      lease.revoke();
    }

    @Test
    @DisplayName("revoking a lease deletes its keys at once, and only its keys")
    void revoke() {
      Lease lease = store.grantLease(Duration.ofSeconds(60));
      store.create("l/a", bytes("1"), lease.id());
      store.create("l/b", bytes("2"), lease.id());
      store.create("l/c", bytes("3"));

      lease.revoke();

      assertThat(keys(store.listAll("l/").items())).containsExactly("l/c");
      assertThatThrownBy(lease::keepAlive).isInstanceOf(LeaseExpiredException.class);
      lease.revoke();
    }

    @Test
    @DisplayName("a key moved off its lease outlives the lease")
    void movedOffLease() {
      Lease lease = store.grantLease(Duration.ofSeconds(60));
      KeyValue kv = store.create("l/a", bytes("1"), lease.id());
      store.update("l/a", bytes("2"), kv.modRevision());

      lease.revoke();

      assertThat(store.get("l/a").orElseThrow().leaseId()).isEqualTo(Lease.NONE);
    }
  }

  @Nested
  @DisplayName("values")
  class Values {
    @Test
    @DisplayName("a 1 MiB value round-trips through get, list and watch")
    void oneMebibyte() {
      byte[] big = new byte[1 << 20];
      new Random(42).nextBytes(big);
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("big/", 0, listener)) {
        store.create("big/1", big);

        assertThat(store.get("big/1").orElseThrow().valueEquals(big)).isTrue();
        assertThat(store.list("big/", "", 10).items().get(0).valueEquals(big)).isTrue();
        WatchEvent event = listener.takeOne(EVENT_WAIT);
        assertThat(((WatchEvent.Put) event).keyValue().valueEquals(big)).isTrue();
      }
    }

    @Test
    @DisplayName("a value over the limit is refused before anything is written")
    void tooLarge() {
      byte[] tooBig = new byte[Datastore.MAX_VALUE_BYTES + 1];

      assertThatThrownBy(() -> store.create("k", tooBig))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(Datastore.MAX_VALUE_BYTES));
      assertThat(store.get("k")).isEmpty();
    }
  }

  @Nested
  @DisplayName("keys")
  class KeyNames {
    final List<String> unusual =
        List.of(
            "space in key",
            "tab\tand\nnewline",
            "quote'\"back\\slash",
            "percent%2Fencoded",
            "../../etc/passwd",
            "ключ/鍵/مفتاح",
            "emoji/😀/🚀",
            "nul\u0000inside",
            "\uFFFF",
            "trailing/",
            "x".repeat(Datastore.MAX_KEY_BYTES));

    @Test
    @DisplayName("any Unicode text is a key, and reads back unchanged")
    void unusualKeysRoundTrip() {
      for (String key : unusual) {
        store.create(key, bytes(key));
      }
      for (String key : unusual) {
        assertThat(store.get(key).orElseThrow().valueUtf8()).isEqualTo(key);
      }

      assertThat(keys(store.listAll("").items()))
          .isEqualTo(unusual.stream().sorted(Keys.ORDER).collect(Collectors.toList()));
      for (String key : unusual) {
        assertThat(store.delete(key)).isTrue();
      }
      assertThat(store.listAll("").items()).isEmpty();
    }

    @Test
    @DisplayName("keys sort by UTF-8 bytes, not by UTF-16 units")
    void utf8Order() {
      store.create("😀", bytes("U+1F600"));
      store.create("\uFFFF", bytes("U+FFFF"));
      store.create("\uE000", bytes("U+E000"));

      assertThat(keys(store.listAll("").items())).containsExactly("\uE000", "\uFFFF", "😀");
      assertThat(keys(store.list("", "\uFFFF", 10))).containsExactly("😀");
    }

    @Test
    @DisplayName("a prefix ending in a multi-byte character bounds its range exactly")
    void multiByteBoundary() {
      store.create("é", bytes("1"));
      store.create("éa", bytes("2"));
      store.create("ê", bytes("3"));
      store.create("e", bytes("4"));

      assertThat(keys(store.listAll("é").items())).containsExactly("é", "éa");
    }

    @Test
    @DisplayName("empty, malformed and oversized keys are refused, and nothing changes")
    void badKeys() {
      long before = store.currentRevision();

      assertThatThrownBy(() -> store.create("", bytes("v")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> store.create("lone\uD800", bytes("v")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("surrogate");
      assertThatThrownBy(() -> store.create("x".repeat(Datastore.MAX_KEY_BYTES + 1), bytes("v")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(Datastore.MAX_KEY_BYTES));
      assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.watch("\uDC00", 0, e -> {}))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(store.currentRevision()).isEqualTo(before);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("16 threads CAS-incrementing one counter 1,000 times each lose no increment")
    void casIncrements() throws Exception {
      int threads = 16;
      int increments = 1_000;
      store.create("counter", bytes("0"));
      AtomicLong conflicts = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                      conflicts.addAndGet(casIncrement(store, "counter"));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(300, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      KeyValue counter = store.get("counter").orElseThrow();
      assertThat(counterValue(counter)).isEqualTo((long) threads * increments);
      assertThat(counter.version()).isEqualTo((long) threads * increments + 1);
    }
  }

  /**
   * Increments a decimal counter by compare-and-swap, retrying on conflict.
   *
   * @return how many conflicts it met
   */
  public static int casIncrement(Datastore store, String key) {
    int conflicts = 0;
    while (true) {
      KeyValue current = store.get(key).orElseThrow();
      byte[] next = Long.toString(counterValue(current) + 1).getBytes(UTF_8);
      try {
        store.update(key, next, current.modRevision());
        return conflicts;
      } catch (RevisionMismatchException e) {
        conflicts++;
      }
    }
  }

  protected static List<String> keys(Page page) {
    return keys(page.items());
  }

  protected static List<String> keys(List<KeyValue> items) {
    return items.stream().map(KeyValue::key).collect(Collectors.toList());
  }

  private static boolean awaitLatch(CountDownLatch latch) {
    try {
      return latch.await(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls a condition until it holds, failing after {@link #EVENT_WAIT}. */
  protected static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition did not hold within " + EVENT_WAIT);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
