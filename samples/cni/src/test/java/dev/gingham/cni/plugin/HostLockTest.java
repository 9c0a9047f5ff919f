package dev.gingham.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host lock: a waiter's operation timeout starts when it gets the lock, not when it asks; work
 * past that timeout is "try again later"; a wait past its bound is code 106.
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
