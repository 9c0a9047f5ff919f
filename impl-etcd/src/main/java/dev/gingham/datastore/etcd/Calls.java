package dev.gingham.datastore.etcd;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs calls to etcd within the request timeout, and decides which failures are tried again.
 *
 * <p><b>The retry policy.</b> jetcd's own retries are switched off, so that this class is the one
 * place that decides.
 *
 * <ul>
 *   <li>A <em>read</em> (a get, a list, a transaction that writes nothing, a keep-alive, a revoke,
 *       a compaction) changes nothing, or nothing more when repeated, so it is tried again, with a
 *       growing pause, on every failure that may pass (etcd unreachable, no leader, a leader
 *       election, an expired auth token), until the request timeout runs out.
 *   <li>A <em>write that puts a key</em> carries a write marker (see {@link WriteMarkers}): when
 *       its answer is lost, {@link MarkedWrites} settles whether it applied, and then either sends
 *       it again or answers with what it did. Only if etcd stays out of reach until the request
 *       timeout runs out does it fail with {@link DatastoreUnavailableException}, "may or may not
 *       have been applied".
 *   <li>Any <em>other write</em> (one that only deletes, or one too large to carry a marker) is
 *       tried again after a failure only when the failure proves that etcd did not apply it (etcd
 *       refused it up front: an expired auth token, too many requests), or when the write is
 *       <em>replay-safe</em>: a compare-and-swap whose compare cannot hold once it was applied (see
 *       {@link TxnMapper#replaySafe}). If such a retry then finds its compare failing, that may be
 *       its own first attempt, applied with the answer lost, or another writer: the call fails with
 *       {@link DatastoreUnavailableException}, never with a conflict that would say "nothing was
 *       written". Every other write that fails on the way (a blind delete, whose first attempt may
 *       have been applied and the key written again since) fails at once with {@link
 *       DatastoreUnavailableException}: it is never retried silently.
 * </ul>
 *
 * <p>Every unary call also carries a gRPC deadline of the request timeout (see {@link
 * UnaryDeadlines}), so that a call given up here is cancelled on the wire too, and cannot be
 * applied long after its caller heard that it failed.
 */
final class Calls {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final String target;
  private final Duration timeout;

  /**
   * @param target names the cluster in messages, such as {@code etcd at 10.0.0.1:2379}
   * @param timeout how long one call may take, retries included
   */
  Calls(String target, Duration timeout) {
    this.target = target;
    this.timeout = timeout;
  }

  /** The request timeout. */
  Duration timeout() {
    return timeout;
  }

  /** Runs a read, retrying what may pass; every failure becomes an SPI exception. */
  <T> T read(String what, @Nullable String key, Supplier<CompletableFuture<T>> call) {
    return read(what, key, call, EnumSet.noneOf(Kind.class), timeout);
  }

  /**
   * Runs a read, retrying what may pass.
   *
   * @param handled failures the caller handles itself: they are thrown as {@link CallFailure}
   * @param within how long the read may take, retries included
   */
  <T> T read(
      String what,
      @Nullable String key,
      Supplier<CompletableFuture<T>> call,
      Set<Kind> handled,
      Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    int attempt = 0;
    while (true) {
      try {
        return await(call.get(), deadline);
      } catch (CallFailure f) {
        if (f.isTransient() && pause(deadline, attempt++)) {
          continue;
        }
        if (handled.contains(f.kind())) {
          throw f;
        }
        throw translate(f, what, key, within, false);
      }
    }
  }

  /**
   * Runs a write, retrying only as the class description says.
   *
   * @param replaySafe whether the write cannot be applied twice, and a retry whose result fails
   *     {@code applied} shows that
   * @param applied whether a result shows the write applied (for a transaction: its compares held)
   * @param handled failures the caller handles itself: they are thrown as {@link CallFailure}
   */
  <T> T write(
      String what,
      @Nullable String key,
      boolean replaySafe,
      Supplier<CompletableFuture<T>> call,
      Predicate<T> applied,
      Set<Kind> handled) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int attempt = 0;
    @Nullable CallFailure cutOff = null;
    while (true) {
      try {
        T result = await(call.get(), deadline);
        if (cutOff != null && !applied.test(result)) {
          throw new DatastoreUnavailableException(
              target
                  + ": the "
                  + what
                  + of(key)
                  + " may or may not have been applied: an attempt was cut off ("
                  + cutOff.getMessage()
                  + ") and its retry found its compare failing, as a first attempt that was"
                  + " applied would leave it; read the key again",
              cutOff);
        }
        return result;
      } catch (CallFailure f) {
        if (f.kind() == Kind.NOT_APPLIED && pause(deadline, attempt++)) {
          continue;
        }
        if (f.kind() == Kind.UNAVAILABLE && replaySafe && pause(deadline, attempt++)) {
          cutOff = f;
          continue;
        }
        if (handled.contains(f.kind())) {
          throw f;
        }
        throw translate(f, what, key, timeout, true);
      }
    }
  }

  /** The deadline of a call that starts now. */
  long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  /** Makes one attempt, waiting until the deadline at most. */
  <T> T once(Supplier<CompletableFuture<T>> call, long deadline) {
    return await(call.get(), deadline);
  }

  /** The target, for messages. */
  String target() {
    return target;
  }

  /** The SPI exception for a failure that nobody handled. */
  RuntimeException translate(
      CallFailure f, String what, @Nullable String key, Duration within, boolean write) {
    switch (f.kind()) {
      case UNAVAILABLE:
      case NOT_APPLIED:
        return new DatastoreUnavailableException(
            target
                + " did not complete the "
                + what
                + of(key)
                + " within "
                + millis(within)
                + (write ? "; it may or may not have been applied" : "")
                + " ("
                + f.getMessage()
                + ")",
            f);
      case AUTH:
        return new DatastoreException(
            target + " refused the " + what + of(key) + ": " + f.getMessage(), f);
      default:
        return new DatastoreException(
            target + " failed the " + what + of(key) + ": " + f.getMessage(), f);
    }
  }

  private static <T> T await(CompletableFuture<T> future, long deadline) {
    long left = deadline - System.nanoTime();
    try {
      return future.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw CallFailure.of(Kind.UNAVAILABLE, "no answer in time", e);
    } catch (ExecutionException e) {
      throw CallFailure.classify(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new DatastoreUnavailableException(
          "interrupted while waiting for etcd; a write may or may not have been applied", e);
    }
  }

  /** Sleeps before another try; false when the deadline leaves no time for one. */
  static boolean pause(long deadline, int attempt) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    long pause = Math.min(MAX_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(attempt, 10));
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return deadline - System.nanoTime() > 0;
  }

  private static String of(@Nullable String key) {
    return key == null ? "" : " of '" + key + "'";
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }
}
