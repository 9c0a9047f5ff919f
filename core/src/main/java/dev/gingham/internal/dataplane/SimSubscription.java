package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneListener;
import dev.gingham.spi.dataplane.Subscription;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to one namespace's changes: a bounded queue and a thread of its own that delivers
 * the events in order. When the queue is full, what it holds is dropped for one {@link
 * DataplaneEvent.Overflow}, as a netlink socket that overruns reports ENOBUFS: the subscriber lists
 * again. A listener that throws ends the subscription.
 */
final class SimSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(SimSubscription.class);

  private final SimNamespace namespace;
  private final Set<DataplaneEvent.Topic> topics;
  private final DataplaneListener listener;
  private final int capacity;
  private final ArrayDeque<DataplaneEvent> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  // Held while the listener runs, so that close() can wait for a delivery in progress.
  private final ReentrantLock delivering = new ReentrantLock();
  private final Thread thread;
  private volatile boolean closed;
  private boolean overflowed;

  SimSubscription(
      SimNamespace namespace,
      Set<DataplaneEvent.Topic> topics,
      DataplaneListener listener,
      int capacity) {
    this.namespace = namespace;
    this.topics = Set.copyOf(topics);
    this.listener = listener;
    this.capacity = capacity;
    this.thread = new Thread(this::run, "gingham-simulated-events-" + namespace.name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues an event if it is of a watched topic. Never blocks. */
  void offer(DataplaneEvent event, DataplaneEvent.Topic topic) {
    if (closed || !topics.contains(topic)) {
      return;
    }
    lock.lock();
    try {
      if (overflowed) {
        return; // everything up to the Overflow is lost anyway
      }
      if (queue.size() >= capacity) {
        queue.clear();
        queue.add(new DataplaneEvent.Overflow());
        overflowed = true;
      } else {
        queue.add(event);
      }
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!closed) {
      DataplaneEvent event;
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          ready.await();
        }
        if (closed) {
          return;
        }
        event = queue.poll();
        if (event instanceof DataplaneEvent.Overflow) {
          overflowed = false;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      delivering.lock();
      try {
        if (closed) {
          return;
        }
        listener.onEvent(event);
      } catch (RuntimeException | Error e) {
        LOG.warn("Subscription to {} ended: its listener threw", namespace.name, e);
        closeQuietly();
        return;
      } finally {
        delivering.unlock();
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closeQuietly();
    if (Thread.currentThread() != thread) {
      // Wait out a delivery in progress: none reaches the listener once this returns.
      delivering.lock();
      delivering.unlock();
    }
  }

  private void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    namespace.subscriptions.remove(this);
    lock.lock();
    try {
      queue.clear();
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
