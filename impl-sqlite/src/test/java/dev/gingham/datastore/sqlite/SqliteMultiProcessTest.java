package dev.gingham.datastore.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.tck.RecordingListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several processes share one store file: real JVMs, started and killed by the test. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SqliteMultiProcessTest {
  private static final Duration LINE_WAIT = Duration.ofSeconds(60);
  private static final Duration EXIT_WAIT = Duration.ofMinutes(5);
  private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final List<ChildProcess> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (ChildProcess child : children) {
      child.close();
    }
  }

  private ChildProcess start(String name, String... args) throws Exception {
    ChildProcess child = ChildProcess.start(dir, name, args);
    children.add(child);
    return child;
  }

  @Test
  void eightProcessesCasIncrementingOneCounterLoseNoIncrement() throws Exception {
    // The processes race to create the file, its schema and the counter, too.
    String uri = "sqlite:" + dir.resolve("counter.db");
    int processes = 8;
    int increments = 500;
    List<ChildProcess> workers = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      workers.add(start("cas-" + p, "cas", uri, "counter", Integer.toString(increments)));
    }
    for (ChildProcess worker : workers) {
      assertThat(worker.nextLine(LINE_WAIT)).as("%s", worker).isEqualTo("ready");
    }
    for (ChildProcess worker : workers) {
      worker.send("go");
    }
    for (ChildProcess worker : workers) {
      assertThat(worker.nextLine(EXIT_WAIT)).as("%s", worker).startsWith("done ");
      assertThat(worker.waitFor(EXIT_WAIT))
          .as("exit code of %s%s", worker, worker.diagnosis())
          .isZero();
    }

    try (Datastore store = Datastores.open(uri)) {
      KeyValue counter = store.get("counter").orElseThrow();
      assertThat(Long.parseLong(counter.valueUtf8())).isEqualTo((long) processes * increments);
      assertThat(counter.version()).isEqualTo((long) processes * increments + 1);
      // Failed compare-and-swaps write nothing: one revision per create and per increment.
      assertThat(store.currentRevision()).isEqualTo(1 + 1 + (long) processes * increments);
    }
  }

  @Test
  void aProcessKilledInTheMiddleOfWritesLeavesEveryAcknowledgedWrite() throws Exception {
    Path file = dir.resolve("killed.db");
    int[] killAfter = {1, 6, 23, 57};
    for (int round = 0; round < killAfter.length; round++) {
      // Alternate the sync modes: WAL keeps commits through a process crash with either.
      String uri = "sqlite:" + file + (round % 2 == 0 ? "?sync=normal" : "?sync=full");
      String prefix = "round" + round + "/";
      ChildProcess writer = start("writer-" + round, "write", uri, prefix, "100000");
      int acknowledged = 0;
      for (int i = 1; i <= killAfter[round]; i++) {
        assertThat(writer.nextLine(LINE_WAIT)).isEqualTo(Integer.toString(i));
        acknowledged = i;
      }
      writer.kill();

      assertThat(integrityCheck(file)).isEqualTo("ok");
      try (Datastore store = Datastores.open(uri)) {
        List<KeyValue> written = store.listAll(prefix).items();
        assertThat(written.size()).isGreaterThanOrEqualTo(acknowledged);
        for (int i = 1; i <= written.size(); i++) {
          // A sequential writer: what committed is a prefix of the sequence, values intact.
          KeyValue kv = store.get(prefix + i).orElseThrow(AssertionError::new);
          assertThat(kv.valueEquals(SqliteChild.valueFor(i)))
              .as("value of %s%s", prefix, i)
              .isTrue();
        }
      }
    }
  }

  @Test
  void watchesInOneProcessSeeEveryWriteOfAnotherInOrderWithoutGapOrRepeat() throws Exception {
    Path file = dir.resolve("watched.db");
    String uri = "sqlite:" + file;
    int ops = 300;
    try (Datastore store = Datastores.open(uri)) {
      long before = store.put("marker", "m".getBytes(UTF_8)).modRevision();
      RecordingListener fromStart = new RecordingListener();
      RecordingListener midway = new RecordingListener();
      try (Watch early = store.watch("w/", 0, fromStart)) {
        ChildProcess writer = start("ops", "ops", uri, "w/", Integer.toString(ops));
        for (int i = 1; i <= ops / 3; i++) {
          assertThat(Long.parseLong(writer.nextLine(LINE_WAIT))).isEqualTo(before + i);
        }
        // Registered while the other process writes: its backlog and live events must meet.
        try (Watch late = store.watch("w/", before + 1, midway)) {
          for (int i = ops / 3 + 1; i <= ops; i++) {
            assertThat(Long.parseLong(writer.nextLine(LINE_WAIT))).isEqualTo(before + i);
          }
          assertThat(writer.waitFor(EXIT_WAIT)).isZero();

          List<WatchEvent> expected = expectedOps(before, ops);
          assertThat(fromStart.take(ops, EVENT_WAIT)).isEqualTo(expected);
          assertThat(midway.take(ops, EVENT_WAIT)).isEqualTo(expected);
          assertThat(fromStart.drain(Duration.ofMillis(300))).isEmpty();
          assertThat(midway.drain(Duration.ofMillis(100))).isEmpty();
          assertThat(early.lastDeliveredRevision()).isEqualTo(before + ops);
          assertThat(late.lastDeliveredRevision()).isEqualTo(before + ops);
        }
      }
    }
  }

  @Test
  void theLeaseOfAKilledProcessExpiresAndItsKeyIsDeletedWithAnEvent() throws Exception {
    String uri = "sqlite:" + dir.resolve("leases.db");
    try (Datastore store = Datastores.open(uri)) {
      RecordingListener listener = new RecordingListener();
      try (Watch watch = store.watch("lease/", 0, listener)) {
        ChildProcess holder = start("holder", "lease", uri, "lease/cni-1", "1000");
        long leaseId = Long.parseLong(holder.nextLine(LINE_WAIT));
        holder.kill();

        WatchEvent put = listener.takeOne(EVENT_WAIT);
        assertThat(put).isInstanceOf(WatchEvent.Put.class);
        assertThat(((WatchEvent.Put) put).keyValue().leaseId()).isEqualTo(leaseId);
        WatchEvent deleted = listener.takeOne(EVENT_WAIT);
        assertThat(deleted).isEqualTo(new WatchEvent.Delete("lease/cni-1", put.revision() + 1));
        assertThat(store.get("lease/cni-1")).isEmpty();
      }
    }
  }

  private static List<WatchEvent> expectedOps(long before, int ops) {
    List<WatchEvent> events = new ArrayList<>();
    for (int i = 1; i <= ops; i++) {
      long revision = before + i;
      if (i % 5 == 0) {
        events.add(new WatchEvent.Delete("w/" + (i - 1), revision));
      } else {
        events.add(
            new WatchEvent.Put(
                KeyValue.of("w/" + i, ("v" + i).getBytes(UTF_8), revision, revision, 1, 0)));
      }
    }
    return events;
  }

  private static String integrityCheck(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
