package dev.gingham.datastore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many connections create one new file at the same instant, as CNI plugins and agents starting
 * together do. Each has its own SQLite connection, so they contend for the file's locks exactly as
 * separate processes do.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConcurrentCreateTest {
  private static final int OPENERS = 8;
  private static final int ROUNDS = 40;

  @TempDir Path dir;

  @Test
  void openersRacingToCreateOneFileAllOpenIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        URI uri = URI.create("sqlite:" + dir.resolve("race-" + round + ".db"));
        CyclicBarrier start = new CyclicBarrier(OPENERS);
        List<Future<Long>> opened = new ArrayList<>();
        for (int i = 0; i < OPENERS; i++) {
          opened.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (SqliteDatastore store = SqliteDatastore.open(uri)) {
                      return store.currentRevision();
                    }
                  }));
        }
        for (Future<Long> f : opened) {
          // A fresh store is at revision 1 whoever created it; an open that lost the race to
          // switch the file to WAL used to throw here.
          assertThat(f.get(2, TimeUnit.MINUTES)).as("round %d", round).isEqualTo(1L);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
