package dev.gingham.internal.datastore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.tck.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the in-memory store does beyond the TCK: its bounds. */
class MemoryDatastoreTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void historyBeyondItsBoundIsCompactedAWholeRevisionAtATime() {
    try (Datastore store = Datastores.open("memory:?history=16")) {
      long first = store.put("k/0", "0".getBytes(UTF_8)).modRevision();
      for (int i = 1; i < 40; i++) {
        store.put("k/" + i, "v".getBytes(UTF_8));
      }

      assertThat(store.oldestRevision()).isGreaterThan(first);
      RecordingListener old = new RecordingListener();
      store.watch("k/", first, old);
      assertThat(old.takeOne(WAIT)).isInstanceOf(ResyncRequired.class);

      RecordingListener recent = new RecordingListener();
      try (Watch watch = store.watch("k/", store.oldestRevision(), recent)) {
        List<WatchEvent> events =
            recent.take((int) (store.currentRevision() - store.oldestRevision() + 1), WAIT);
        assertThat(events).allMatch(WatchEvent.Put.class::isInstance);
      }
    }
  }

  @Test
  void aListenerThatFallsBehindGetsOneResyncAndTheStoreGoesOn() throws InterruptedException {
    try (Datastore store = Datastores.open("memory:?watchQueue=8")) {
      CountDownLatch release = new CountDownLatch(1);
      RecordingListener seen = new RecordingListener();
      Watch watch =
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
      for (int i = 0; i < 50; i++) {
        store.put("k/" + i, "v".getBytes(UTF_8));
      }
      release.countDown();

      // The delivery thread may or may not have taken the first put before the queue filled;
      // either way the watch ends in exactly one resync, after at most the queue's worth of puts.
      List<WatchEvent> events = new java.util.ArrayList<>();
      do {
        events.add(seen.takeOne(WAIT));
      } while (!(events.get(events.size() - 1) instanceof ResyncRequired));
      assertThat(events.subList(0, events.size() - 1))
          .hasSizeLessThanOrEqualTo(8)
          .allMatch(WatchEvent.Put.class::isInstance);
      assertThat(events.get(events.size() - 1))
          .isInstanceOfSatisfying(
              ResyncRequired.class,
              r -> assertThat(r.reason()).isEqualTo(ResyncRequired.Reason.SLOW_CONSUMER));
      assertThat(seen.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(watch.isClosed()).isTrue();
      assertThat(store.currentRevision()).isEqualTo(51);
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    Datastore store = Datastores.open("memory:");
    store.close();
    store.close();

    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void leaseTimeToLiveMustBePositive() {
    try (Datastore store = Datastores.open("memory:")) {
      assertThatThrownBy(() -> store.grantLease(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.watch("", -1, e -> {}))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
