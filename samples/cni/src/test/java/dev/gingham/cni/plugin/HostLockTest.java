package dev.gingham.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host lock: a waiter's operation timeout starts when it gets the lock, not when it asks; work
 * past that timeout is "try again later"; a wait past its bound is code 106; waiters, in other
 * processes or in this one, get the lock in the order they asked for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostLockTest {
  @TempDir Path dir;

  private Thread holder(Path lock, long holdMillis, CountDownLatch held) {
    Thread t =
        new Thread(
            () -> {
              try (HostLock.Held h =
                  HostLock.acquire(lock, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
                held.countDown();
                Thread.sleep(holdMillis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    return t;
  }

  @Test
  void theTimeoutStartsOnceTheLockIsHeld() throws Exception {
    Path lock = dir.resolve("ipam.lock");
    CountDownLatch held = new CountDownLatch(1);
    Thread first = holder(lock, 1_500, held);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    long asked = System.nanoTime();
    try (HostLock.Held h = HostLock.acquire(lock, Duration.ofSeconds(10), Duration.ofSeconds(1))) {
      long waited = System.nanoTime() - asked;
      assertThat(waited).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1_000));
      // Half a second of work after a wait longer than the whole timeout: within it.
      String r =
          h.call(
              () -> {
                Thread.sleep(500);
                return "done";
              });
      assertThat(r).isEqualTo("done");
    }
    first.join(10_000);
  }

  @Test
  void workPastTheTimeoutIsTryAgainLater() {
    try (HostLock.Held h =
        HostLock.acquire(dir.resolve("l"), Duration.ofSeconds(5), Duration.ofMillis(200))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> h.run(() -> sleep(3_000)))
          .isInstanceOfSatisfying(
              CniException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.TRY_AGAIN_LATER));
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(2_500));
    }
  }

  @Test
  void workPastTheTimeoutKeepsTheLockUntilItEnds() {
    Path lock = dir.resolve("l");
    AtomicBoolean ended = new AtomicBoolean();
    try (HostLock.Held h = HostLock.acquire(lock, Duration.ofSeconds(5), Duration.ofMillis(100))) {
      assertThatThrownBy(
              () ->
                  h.run(
                      () -> {
                        sleep(1_000);
                        ended.set(true);
                      }))
          .isInstanceOf(CniException.class);
    }
    // The abandoned work still runs: the next holder (here, in the same long-lived process, as in
    // the delegate server) must not run beside it.
    try (HostLock.Held next =
        HostLock.acquire(lock, Duration.ofSeconds(10), Duration.ofSeconds(1))) {
      assertThat(ended).as("the abandoned work had ended when the lock was taken again").isTrue();
    }
  }

  @Test
  void aWaitPastItsBoundIsCode106NamingTheFile() throws Exception {
    Path lock = dir.resolve("ipam.lock");
    CountDownLatch held = new CountDownLatch(1);
    Thread first = holder(lock, 2_000, held);
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> HostLock.acquire(lock, Duration.ofMillis(300), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            CniException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCodes.LOCK_TIMEOUT);
              assertThat(e.getMessage()).contains(lock.toString());
            });
    first.join(10_000);
  }

  @Test
  void workThatFailsThrowsItsOwnException() {
    try (HostLock.Held h =
        HostLock.acquire(dir.resolve("l"), Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      assertThatThrownBy(
              () ->
                  h.run(
                      () -> {
                        throw new CniException(ErrorCodes.NO_ADDRESS, "pool full");
                      }))
          .isInstanceOfSatisfying(
              CniException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.NO_ADDRESS));
    }
  }

  @Test
  void waitersInOtherProcessesGetTheLockInTheOrderTheyAsked() throws Exception {
    Path lock = dir.resolve("ipam.lock");
    Path record = dir.resolve("order");
    List<Process> children = new ArrayList<>();
    try {
      Process holder = child(lock, record, "holder", -1);
      children.add(holder);
      awaitRecord(record, List.of("holder"));
      long inode = (Long) Files.getAttribute(lock, "unix:ino");
      for (int i = 1; i <= 3; i++) {
        children.add(child(lock, record, "w" + i, 50));
        // The next one starts only once this one is queued in the kernel.
        awaitBlockedWaiters(inode, i);
      }
      holder.getOutputStream().close();
      for (Process p : children) {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
      assertThat(Files.readAllLines(record)).containsExactly("holder", "w1", "w2", "w3");
    } finally {
      for (Process p : children) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void waitersInThisProcessGetTheLockInTheOrderTheyAsked() throws Exception {
    Path lock = dir.resolve("ipam.lock");
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    List<Thread> waiters = new ArrayList<>();
    try (HostLock.Held first =
        HostLock.acquire(lock, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      for (int i = 1; i <= 4; i++) {
        String id = "t" + i;
        Thread t =
            new Thread(
                () -> {
                  try (HostLock.Held h =
                      HostLock.acquire(lock, Duration.ofSeconds(20), Duration.ofSeconds(5))) {
                    order.add(id);
                  }
                });
        t.start();
        waiters.add(t);
        awaitParked(t);
      }
    }
    for (Thread t : waiters) {
      t.join(20_000);
    }
    assertThat(order).containsExactly("t1", "t2", "t3", "t4");
  }

  private Process child(Path lock, Path record, String id, long holdMillis) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            HostLockChild.class.getName(),
            lock.toString(),
            record.toString(),
            id,
            Long.toString(holdMillis))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void awaitRecord(Path record, List<String> expected) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(Files.exists(record) && Files.readAllLines(record).equals(expected))) {
      assertThat(System.nanoTime()).as("waiting for %s in %s", expected, record).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** Waits until {@code count} requests are blocked on the lock file (in {@code /proc/locks}). */
  private static void awaitBlockedWaiters(long inode, int count) throws Exception {
    String suffix = ":" + inode;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long blocked =
          Files.readAllLines(Path.of("/proc/locks")).stream()
              .filter(l -> l.contains("->"))
              .map(l -> l.trim().split("\\s+"))
              .filter(f -> f.length > 6 && f[6].endsWith(suffix))
              .count();
      if (blocked >= count) {
        return;
      }
      assertThat(System.nanoTime())
          .as("waiting for %d blocked requests on inode %d", count, inode)
          .isLessThan(end);
      Thread.sleep(10);
    }
  }

  private static void awaitParked(Thread t) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("waiting for %s to queue", t).isLessThan(end);
      Thread.sleep(5);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
