package dev.gingham.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Agents' loops on a shared pool: in order, one task at a time per loop, and closable. */
class SerialExecutorTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void eachLoopRunsItsTasksInOrderAndNeverTwoAtOnce() throws InterruptedException {
    int loops = 8;
    int tasks = 500;
    List<SerialExecutor> serial = new ArrayList<>();
    List<List<Integer>> seen = new ArrayList<>();
    AtomicInteger[] running = new AtomicInteger[loops];
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(loops * tasks);
    for (int l = 0; l < loops; l++) {
      serial.add(new SerialExecutor(pool));
      seen.add(Collections.synchronizedList(new ArrayList<>()));
      running[l] = new AtomicInteger();
    }
    for (int t = 0; t < tasks; t++) {
      for (int l = 0; l < loops; l++) {
        int loop = l;
        int task = t;
        serial
            .get(l)
            .execute(
                () -> {
                  if (running[loop].incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                  }
                  assertThat(serial.get(loop).inLoop()).isTrue();
                  seen.get(loop).add(task);
                  running[loop].decrementAndGet();
                  done.countDown();
                });
      }
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps).hasValue(0);
    for (List<Integer> s : seen) {
      assertThat(s).hasSize(tasks).isSorted();
    }
    assertThat(serial.get(0).inLoop()).isFalse();
  }

  @Test
  void aFailingTaskDoesNotStopTheLoop() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    CountDownLatch after = new CountDownLatch(1);
    serial.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    serial.execute(after::countDown);
    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void afterShutdownNewTasksAreRejectedAndQueuedOnesDropped() throws InterruptedException {
    SerialExecutor serial = new SerialExecutor(pool);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ranAfter = new AtomicInteger();
    serial.execute(
        () -> {
          started.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    serial.execute(ranAfter::incrementAndGet);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    serial.shutdown();
    release.countDown();
    assertThatThrownBy(() -> serial.execute(ranAfter::incrementAndGet))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    // The pool runs anything still queued within this bound; nothing is.
    CountDownLatch probe = new CountDownLatch(1);
    pool.execute(probe::countDown);
    assertThat(probe.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(ranAfter).hasValue(0);
  }
}
