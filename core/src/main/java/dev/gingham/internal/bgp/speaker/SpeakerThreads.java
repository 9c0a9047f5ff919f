package dev.gingham.internal.bgp.speaker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event loops and event-delivery threads that many speakers of one process share: a simulator that
 * runs hundreds of speakers in one JVM would otherwise hold two threads or more per speaker. Each
 * speaker still runs on one loop of the group (its state stays single-threaded), and a speaker that
 * closes leaves the shared threads running; {@link #close()} stops them, after its speakers.
 *
 * <p>Not part of the API (a Netty group must not leak into it): speakers get these threads through
 * {@link NettySpeakerFactory#sharing(SpeakerThreads)}. Thread-safe.
 */
public final class SpeakerThreads implements AutoCloseable {
  final Transport transport;
  final ExecutorService events;

  private SpeakerThreads(Transport transport, ExecutorService events) {
    this.transport = transport;
    this.events = events;
  }

  /**
   * {@code loops} event loops and {@code deliverers} event-delivery threads, named after {@code
   * name}.
   *
   * @throws IllegalArgumentException if either count is below 1
   */
  public static SpeakerThreads create(String name, int loops, int deliverers) {
    if (loops < 1 || deliverers < 1) {
      throw new IllegalArgumentException(
          "need at least one loop and one delivery thread, got loops="
              + loops
              + " deliverers="
              + deliverers);
    }
    AtomicInteger n = new AtomicInteger();
    String prefix = "gingham-bgp-events-" + name + "-";
    ExecutorService events =
        Executors.newFixedThreadPool(
            deliverers,
            r -> {
              Thread t = new Thread(r, prefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return new SpeakerThreads(Transport.create(loops, "gingham-bgp-" + name + "-"), events);
  }

  /** Stops the loops (waiting up to 5 s) and the delivery threads. */
  @Override
  public void close() {
    transport
        .group
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
    events.shutdownNow();
  }
}
