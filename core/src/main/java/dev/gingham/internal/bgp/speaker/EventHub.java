package dev.gingham.internal.bgp.speaker;

import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpEventListener;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the speaker's events out to subscriptions, each with a bounded queue and its own serial
 * delivery on a shared pool of daemon threads, so that a slow listener never holds up the event
 * loop. Backpressure policy: a subscription whose queue is full is sent {@link BgpEvent.Overflowed}
 * and ends; its owner resubscribes with replay. Publishing only enqueues. Thread-safe.
 */
final class EventHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private final boolean ownsExecutor;

  /** A hub with a pool of its own, whose threads are named after the speaker. */
  EventHub(String name) {
    this(events("gingham-bgp-events-" + name + "-"), true);
  }

  /**
   * A hub delivering on {@code executor}, which it shuts down on close only when it {@code owns} it
   * (a {@link SpeakerThreads} pool outlives its speakers).
   */
  EventHub(ExecutorService executor, boolean owns) {
    this.executor = executor;
    this.ownsExecutor = owns;
  }

  /** A growing pool of daemon threads named {@code prefix} and a number. */
  static ExecutorService events(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Whether any subscription wants best-path events (so the loop can skip building them). */
  boolean wantsBestPaths() {
    for (Sub s : subs) {
      if (s.options.bestPaths()) {
        return true;
      }
    }
    return false;
  }

  /** Registers a subscription after queueing its replay; call on the event loop. */
  EventSubscription subscribe(
      EventOptions options, BgpEventListener listener, List<BgpEvent> replay) {
    Sub sub = new Sub(options, listener);
    for (BgpEvent e : replay) {
      sub.offer(e);
    }
    if (options.replay()) {
      sub.offer(new BgpEvent.ReplayFinished());
    }
    subs.add(sub);
    return sub;
  }

  /** Hands an event to every subscription that wants it; call on the event loop. */
  void publish(BgpEvent event) {
    for (Sub s : subs) {
      s.offer(event);
    }
  }

  @Override
  public void close() {
    for (Sub s : subs) {
      s.close();
    }
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  private final class Sub implements EventSubscription {
    private final EventOptions options;
    private final BgpEventListener listener;
    private final ArrayDeque<BgpEvent> queue = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean active = true;
    private volatile Thread deliveringThread;

    Sub(EventOptions options, BgpEventListener listener) {
      this.options = options;
      this.listener = listener;
    }

    void offer(BgpEvent event) {
      if (!active || !wanted(event)) {
        return;
      }
      synchronized (this) {
        if (queue.size() >= options.queueCapacity()) {
          // What is queued is stale now; the owner resubscribes with replay.
          queue.clear();
          queue.add(new BgpEvent.Overflowed(options.queueCapacity()));
          active = false;
          subs.remove(this);
        } else {
          queue.add(event);
        }
        if (!scheduled) {
          scheduled = true;
          try {
            executor.execute(this::drain);
          } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduled = false;
          }
        }
      }
    }

    private boolean wanted(BgpEvent e) {
      if (e instanceof BgpEvent.PeerStateChanged) {
        return options.peerStates();
      }
      if (e instanceof BgpEvent.BestPathChanged) {
        return options.bestPaths();
      }
      return true;
    }

    private void drain() {
      deliveringThread = Thread.currentThread();
      try {
        while (true) {
          BgpEvent e;
          synchronized (this) {
            e = queue.poll();
            if (e == null) {
              scheduled = false;
              return;
            }
          }
          try {
            listener.onEvent(e);
          } catch (RuntimeException ex) {
            LOG.warn("a BGP event listener failed on {}", e, ex);
          }
        }
      } finally {
        deliveringThread = null;
      }
    }

    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public void close() {
      active = false;
      subs.remove(this);
      synchronized (this) {
        queue.clear();
      }
      // Wait (bounded) for a delivery in progress on another thread, so that none follows close.
      Thread t = deliveringThread;
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (t != null
          && t != Thread.currentThread()
          && deliveringThread == t
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
  }
}
