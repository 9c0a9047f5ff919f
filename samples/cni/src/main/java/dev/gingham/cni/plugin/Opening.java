package dev.gingham.cni.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Something opening on a thread of its own while the invocation goes on: the dataplane, or the
 * datastore the configuration names. A plugin runs once per JVM, and opening either is mostly class
 * loading and native set-up, so it overlaps the reading of the configuration on a second core.
 *
 * <p>Each opening gets its own daemon thread rather than the common pool, whose single worker on a
 * two-core machine would open them one after the other. Whoever started one either {@link #join
 * joins} it (and closes what it gets) or {@link #discard() discards} it.
 *
 * @param <T> what opens
 */
final class Opening<T> {
  private final String what;
  private final Consumer<T> closer;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final long started = System.nanoTime();

  private Opening(String what, Consumer<T> closer) {
    this.what = what;
    this.closer = closer;
  }

  /**
   * Starts opening.
   *
   * @param what what opens, for the debug log and the thread's name
   * @param open opens it; what it throws is rethrown by {@link #join}
   * @param closer closes it, for {@link #discard()}
   */
  static <T> Opening<T> start(String what, Supplier<T> open, Consumer<T> closer) {
    Opening<T> o = new Opening<>(what, closer);
    Thread t =
        new Thread(
            () -> {
              try {
                o.result.complete(open.get());
              } catch (Throwable e) {
                o.result.completeExceptionally(e);
              }
            },
            "gingham-open-" + what);
    t.setDaemon(true);
    t.start();
    return o;
  }

  /** What opened, once it has; its failure as the exception it threw. */
  T join(PluginLog log) {
    long t0 = System.nanoTime();
    try {
      T opened = result.join();
      log.debug(
          what
              + " opened ahead in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms, waited "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms for it");
      return opened;
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Waits for it and closes it if it opened; for an invocation that does not use it. */
  void discard() {
    T opened;
    try {
      opened = result.join();
    } catch (CompletionException e) {
      return; // it did not open: nothing to close
    }
    closer.accept(opened);
  }
}
