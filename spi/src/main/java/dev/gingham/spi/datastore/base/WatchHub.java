package dev.gingham.spi.datastore.base;

import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.WatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans a store's changes out to its watches, each with a bounded queue and its own serial delivery
 * on a shared pool of daemon threads.
 *
 * <p>The store calls {@link #publish(List)} once per written revision, in revision order, and
 * {@link #register} under the same lock, so that a new watch's backlog and the live events that
 * follow it neither overlap nor leave a gap. Both only enqueue, so a slow listener never holds up
 * the store. A watch whose queue is full gets a {@link ResyncRequired} with reason {@link
 * ResyncRequired.Reason#SLOW_CONSUMER} and ends: memory stays bounded by {@code queueCapacity}
 * events per watch.
 */
public final class WatchHub implements AutoCloseable {
  /** The default number of events a watch may have waiting. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  private final CopyOnWriteArrayList<HubWatch> watches = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private final int queueCapacity;

  /**
   * Makes a hub.
   *
   * @param name names the delivery threads
   * @param queueCapacity the most events one watch may have waiting, at least 1
   */
  public WatchHub(String name, int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("watch queue capacity must be >= 1, was " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "gingham-watch-" + name + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a watch.
   *
   * @param prefix the prefix watched
   * @param fromRevision the first revision to deliver
   * @param backlog past events to deliver first, in revision order; those before {@code
   *     fromRevision} or outside the prefix are skipped
   * @param listener the listener
   */
  public Watch register(
      String prefix,
      long fromRevision,
      List<? extends WatchEvent> backlog,
      WatchListener listener) {
    HubWatch watch = new HubWatch(this, prefix, fromRevision, listener);
    for (WatchEvent event : backlog) {
      watch.offerIfWanted(event);
    }
    watches.add(watch);
    return watch;
  }

  /** Starts a watch that can only say it needs a resync, because its history is gone. */
  public Watch resyncRequired(
      String prefix, long fromRevision, ResyncRequired.Reason reason, WatchListener listener) {
    HubWatch watch = new HubWatch(this, prefix, fromRevision, listener);
    watch.offerIfWanted(new ResyncRequired(fromRevision, reason));
    watches.add(watch); // so that close() ends it too; it ignores anything published meanwhile
    return watch;
  }

  /** Hands the events of one revision to every watch that wants them. */
  public void publish(List<? extends WatchEvent> events) {
    for (HubWatch watch : watches) {
      for (WatchEvent event : events) {
        watch.offerIfWanted(event);
      }
    }
  }

  /** How many watches are open. */
  public int size() {
    return watches.size();
  }

  /** Ends every watch and stops the delivery threads. */
  @Override
  public void close() {
    for (HubWatch watch : watches) {
      watch.close();
    }
    executor.shutdown();
  }

  int queueCapacity() {
    return queueCapacity;
  }

  ExecutorService executor() {
    return executor;
  }

  void remove(HubWatch watch) {
    watches.remove(watch);
  }

  static boolean matches(String prefix, WatchEvent event) {
    if (event instanceof WatchEvent.Put put) {
      return Keys.hasPrefix(put.keyValue().key(), prefix);
    }
    if (event instanceof WatchEvent.Delete delete) {
      return Keys.hasPrefix(delete.key(), prefix);
    }
    return true;
  }
}
