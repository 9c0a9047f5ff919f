package dev.gingham.internal.ipam;

import dev.gingham.ipam.ConflictException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bound on retries after lost compare-and-swap races, and the pause between them. The first few
 * retries follow at once; later ones wait a random pause whose bound grows by a millisecond per
 * attempt, up to {@value #MAX_PAUSE_MILLIS} ms, so that writers who keep colliding spread out. The
 * bound must outgrow the time between a writer's read and its compare-and-swap, which on a loaded
 * host (a preempted writer) is tens of milliseconds: with a 20 ms cap, 64 writers sharing one
 * SQLite file at load 20-50 sometimes used up all their attempts. Thread-safe: stateless.
 */
final class Attempts {
  /** How many attempts an operation makes, as Calico's {@code datastoreRetries}. */
  static final int MAX = 100;

  private static final int IMMEDIATE = 3;
  private static final int MAX_PAUSE_MILLIS = 100;

  /**
   * Pauses before another attempt, or gives up.
   *
   * @param attempt the attempt that just failed, from 1
   * @param what what is being done, for the exception
   * @throws ConflictException after {@value #MAX} attempts, or when interrupted (with the interrupt
   *     flag set again)
   */
  void backoff(int attempt, Supplier<String> what) {
    if (attempt >= MAX) {
      throw new ConflictException(what.get(), attempt);
    }
    if (attempt < IMMEDIATE) {
      return;
    }
    int bound = Math.min(attempt - IMMEDIATE + 2, MAX_PAUSE_MILLIS);
    long pause = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(bound));
    try {
      TimeUnit.NANOSECONDS.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException(what.get() + " (interrupted)", attempt);
    }
  }
}
