package dev.gingham.spi.datastore.base;

import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.internal.Logs;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/** One watch of a {@link WatchHub}: a bounded queue drained serially by the hub's threads. */
final class HubWatch implements Watch {

  private final WatchHub hub;
  private final String prefix;
  private final long fromRevision;
  private final WatchListener listener;
  private final ReentrantLock delivering = new ReentrantLock();

  // Guarded by this.
  private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
  private boolean scheduled;
  private boolean ending;

  private volatile boolean closed;
  private volatile long lastDelivered;

  HubWatch(WatchHub hub, String prefix, long fromRevision, WatchListener listener) {
    this.hub = hub;
    this.prefix = prefix;
    this.fromRevision = fromRevision;
    this.listener = listener;
    this.lastDelivered = fromRevision - 1;
  }

  void offerIfWanted(WatchEvent event) {
    if (event.revision() < fromRevision && !(event instanceof ResyncRequired)) {
      return;
    }
    if (!WatchHub.matches(prefix, event)) {
      return;
    }
    synchronized (this) {
      if (closed || ending) {
        return;
      }
      if (event instanceof ResyncRequired) {
        ending = true;
        queue.add(event);
      } else if (queue.size() >= hub.queueCapacity()) {
        long firstLost = queue.isEmpty() ? event.revision() : queue.peekFirst().revision();
        queue.clear();
        queue.add(new ResyncRequired(firstLost, ResyncRequired.Reason.SLOW_CONSUMER));
        ending = true;
      } else {
        queue.add(event);
      }
      if (!scheduled) {
        scheduled = true;
        try {
          hub.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
          // The hub is closing; so is this watch.
          scheduled = false;
          closed = true;
          queue.clear();
        }
      }
    }
  }

  private void drain() {
    while (true) {
      WatchEvent event;
      synchronized (this) {
        event = closed ? null : queue.poll();
        if (event == null) {
          scheduled = false;
          return;
        }
      }
      delivering.lock();
      try {
        if (closed) {
          continue;
        }
        if (!(event instanceof ResyncRequired)) {
          // Set first, so that the listener and whoever it signals read the revision it is on.
          lastDelivered = event.revision();
        }
        listener.onEvent(event);
      } catch (RuntimeException | Error e) {
        Logs.of(WatchHub.class)
            .log(Level.WARNING, "Watch listener on '" + prefix + "' threw; the watch ends.", e);
        close();
      } finally {
        delivering.unlock();
      }
      if (event instanceof ResyncRequired) {
        close();
      }
    }
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public long lastDeliveredRevision() {
    return lastDelivered;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
    }
    hub.remove(this);
    if (!delivering.isHeldByCurrentThread()) {
      // Wait out a delivery in progress on another thread, so none follows this return.
      delivering.lock();
      delivering.unlock();
    }
  }

  @Override
  public String toString() {
    return "Watch{prefix='" + prefix + "', from=" + fromRevision + ", closed=" + closed + '}';
  }
}
