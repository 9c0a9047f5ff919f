package dev.gingham.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.Snapshot;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.tck.RecordingListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the etcd store does beyond the TCK: whole-snapshot listings, large pages, namespaces. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EtcdDatastoreTest {
  @RegisterExtension static final EtcdExtension ETCD = EtcdExtension.single();

  private static final AtomicInteger CASES = new AtomicInteger();

  private static Datastore open(String options) {
    return Datastores.open(
        ETCD.uri(
            "prefix=/store/"
                + CASES.incrementAndGet()
                + "/"
                + (options.isEmpty() ? "" : "&" + options)));
  }

  @Test
  void listAllReadsEveryPageAtTheFirstPagesRevisionWhileWritersGoOn() throws Exception {
    try (Datastore store = open("")) {
      int keys = 5_000;
      for (int batch = 0; batch < keys / 100; batch++) {
        List<Op> puts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String key = String.format("p/%05d", batch * 100 + i);
          puts.add(Op.put(key, key.getBytes(UTF_8)));
        }
        store.txn(Txn.builder().onSuccess(puts).build());
      }
      // Writers append behind the listing and rewrite keys it has not reached yet.
      List<KeyValue> written = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; !stop.get() && i < 2_000; i++) {
                    written.add(
                        store.put(String.format("p/%05d", keys + i), "late".getBytes(UTF_8)));
                    written.add(
                        store.put(String.format("p/%05d", keys - 1 - i), "new".getBytes(UTF_8)));
                    started.countDown();
                  }
                } catch (Throwable t) {
                  failed.set(t);
                  started.countDown();
                }
              },
              "writer");
      writer.start();
      Snapshot snapshot;
      try {
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        snapshot = store.listAll("p/");
      } finally {
        stop.set(true);
        writer.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(failed.get()).isNull();

      long revision = snapshot.revision();
      assertThat(snapshot.items())
          .allSatisfy(kv -> assertThat(kv.modRevision()).isLessThanOrEqualTo(revision));
      long appendedBefore =
          written.stream()
              .filter(kv -> kv.valueUtf8().equals("late") && kv.modRevision() <= revision)
              .count();
      assertThat(snapshot.items()).hasSize(keys + (int) appendedBefore);
      // Every rewrite up to the snapshot's revision is in it, and none after.
      for (KeyValue w : written) {
        if (w.valueUtf8().equals("new")) {
          KeyValue seen =
              snapshot.items().stream()
                  .filter(kv -> kv.key().equals(w.key()))
                  .findFirst()
                  .orElseThrow();
          assertThat(seen.valueUtf8()).isEqualTo(w.modRevision() <= revision ? "new" : w.key());
        }
      }
      assertThat(written.stream().anyMatch(kv -> kv.modRevision() > revision))
          .as("some writes landed while the listing was read")
          .isTrue();
    }
  }

  @Test
  void aPageTooLargeForOneMessageIsReadInSmallerPages() {
    try (Datastore store = open("requestTimeout=30s")) {
      byte[] mebibyte = new byte[1 << 20];
      new Random(7).nextBytes(mebibyte);
      int keys = 72; // 72 MiB: more than the 64 MiB one answer may carry.
      for (int i = 0; i < keys; i++) {
        store.put(String.format("big/%03d", i), mebibyte);
      }

      Page page = store.list("big/", "", 100);

      assertThat(page.items()).isNotEmpty().hasSizeLessThan(keys);
      assertThat(page.more()).isTrue();
      List<String> all =
          store.listAll("big/").items().stream().map(KeyValue::key).collect(Collectors.toList());
      assertThat(all).hasSize(keys).isSorted();
      assertThat(store.get("big/071").orElseThrow().valueEquals(mebibyte)).isTrue();
    }
  }

  @Test
  void aListenerThatFallsBehindItsQueueGetsOneSlowConsumerResync() throws Exception {
    try (Datastore store = open("watchQueue=10")) {
      CountDownLatch release = new CountDownLatch(1);
      RecordingListener listener = new RecordingListener();
      Watch watch =
          store.watch(
              "s/",
              0,
              e -> {
                listener.onEvent(e);
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
              });
      KeyValue first = store.put("s/0", "0".getBytes(UTF_8));
      assertThat(listener.takeOne(Duration.ofSeconds(10))).isEqualTo(new WatchEvent.Put(first));
      for (int i = 1; i <= 20; i++) {
        store.put("s/" + i, Integer.toString(i).getBytes(UTF_8));
      }
      Thread.sleep(500); // The stream hands the 20 events to the full queue meanwhile.
      release.countDown();

      WatchEvent last = listener.take(1, Duration.ofSeconds(10)).get(0);
      assertThat(last).isInstanceOf(ResyncRequired.class);
      assertThat(((ResyncRequired) last).reason()).isEqualTo(ResyncRequired.Reason.SLOW_CONSUMER);
      EtcdFaultTest.await(watch::isClosed);
      assertThat(listener.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void writeMarkersStayOutOfSightAndGoWhenTheStoreCloses() throws Exception {
    String namespace = "/markers/" + CASES.incrementAndGet() + "/";
    byte[] area = (namespace + "\u0000").getBytes(UTF_8);
    area[area.length - 1] = (byte) 0xff;
    try (Client raw = Client.builder().endpoints("http://" + ETCD.member(0).endpoint()).build()) {
      GetOption underArea = GetOption.builder().isPrefix(true).withCountOnly(true).build();
      try (Datastore store = Datastores.open(ETCD.uri("prefix=" + namespace))) {
        store.create("a", "1".getBytes(UTF_8));
        store.put("b", "2".getBytes(UTF_8));

        assertThat(
                raw.getKVClient()
                    .get(ByteSequence.from(area), underArea)
                    .get(10, TimeUnit.SECONDS)
                    .getCount())
            .isPositive();
        assertThat(store.listAll("").items()).extracting(KeyValue::key).containsExactly("a", "b");
      }

      assertThat(
              raw.getKVClient()
                  .get(ByteSequence.from(area), underArea)
                  .get(10, TimeUnit.SECONDS)
                  .getCount())
          .isZero();
    }
  }

  @Test
  void storesWithOtherNamespacesNeverSeeEachOther() throws Exception {
    try (Datastore a = open("");
        Datastore b = open("")) {
      RecordingListener bSees = new RecordingListener();
      try (Watch watch = b.watch("", 0, bSees)) {
        a.create("k", "a".getBytes(UTF_8));
        a.put("other", "a".getBytes(UTF_8));

        assertThat(b.get("k")).isEmpty();
        assertThat(b.listAll("").items()).isEmpty();
        assertThat(a.listAll("").items()).extracting(KeyValue::key).containsExactly("k", "other");
        assertThat(bSees.drain(Duration.ofMillis(500))).isEmpty();
      }
    }
  }
}
