package dev.gingham.spi.datastore.tck;

import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects a watch's events for assertions, with bounded waits. */
public final class RecordingListener implements WatchListener {
  private final LinkedBlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

  @Override
  public void onEvent(WatchEvent event) {
    events.add(event);
  }

  /**
   * Waits for exactly the next {@code count} events.
   *
   * @throws AssertionError if they do not all arrive in time
   */
  public List<WatchEvent> take(int count, Duration timeout) {
    List<WatchEvent> taken = new ArrayList<>(count);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (taken.size() < count) {
        long left = deadline - System.nanoTime();
        WatchEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
        if (e == null) {
          throw new AssertionError(
              "expected " + count + " events within " + timeout + " but got " + taken);
        }
        taken.add(e);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for events", ie);
    }
    return taken;
  }

  /** Waits for the next event. */
  public WatchEvent takeOne(Duration timeout) {
    return take(1, timeout).get(0);
  }

  /** The events that arrive within the quiet period: used to show that nothing more comes. */
  public List<WatchEvent> drain(Duration quietPeriod) {
    List<WatchEvent> rest = new ArrayList<>();
    try {
      WatchEvent e;
      while ((e = events.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        rest.add(e);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    return rest;
  }
}
