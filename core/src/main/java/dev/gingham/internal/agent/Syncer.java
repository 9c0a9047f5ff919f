package dev.gingham.internal.agent;

import dev.gingham.core.NodeAgent.SyncState;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceEvent;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceList;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.ResourceWatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and watches every resource kind into a {@link ClusterCache}, as Calico's syncer does,
 * through the states {@link SyncState#WAIT_FOR_DATASTORE}, {@link SyncState#RESYNCING} and {@link
 * SyncState#IN_SYNC}. It lists every kind, publishes the complete cache, then applies the watch's
 * events from the list's revision on, publishing after each batch. A resync signal from the watch
 * (compaction, a slow consumer), a watch that ends, or a datastore error starts it over: listing
 * again, after a pause that doubles from 100 ms to 5 s while the datastore stays away. The cache it
 * last published stays published meanwhile, so that the dataplane is left as it is.
 *
 * <p>One thread of its own. The watch's events go through a bounded queue (10,000 events): a watch
 * that overfills it is closed and the syncer lists again, as the datastore does with a slow
 * consumer. Each batch of events makes the next snapshot from the last with {@link
 * ClusterCache#apply}, which copies only what the events touch.
 *
 * <p>Any number of sinks may subscribe, so that agents in one JVM over one datastore can share one
 * syncer (and its decoded, immutable resources) instead of each listing and decoding the whole
 * cluster; a sink that subscribes late is given the current snapshot and state at once. Sinks are
 * called on the syncer's thread, one at a time, and must return quickly.
 */
final class Syncer implements AutoCloseable {
  /** How the syncer reports a new cache or a new state; called on the syncer's thread. */
  interface Sink {
    void publish(ClusterCache cache);

    void state(SyncState state);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
  private static final int QUEUE = 10_000;
  private static final long MIN_PAUSE_MS = 100;
  private static final long MAX_PAUSE_MS = 5_000;

  private final ResourceStore store;
  private final List<Sink> sinks = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile SyncState state = SyncState.WAIT_FOR_DATASTORE;
  private @Nullable ClusterCache current; // guarded by this

  /**
   * @param store what it lists and watches
   * @param name for its thread: the node, or what shares it
   */
  Syncer(ResourceStore store, String name) {
    this.store = store;
    this.thread = new Thread(this::run, "gingham-syncer-" + name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  SyncState state() {
    return state;
  }

  /** Adds a sink; it is told the current snapshot, if any, and the current state at once. */
  synchronized void subscribe(Sink sink) {
    sinks.add(sink);
    if (current != null) {
      sink.publish(current);
    }
    sink.state(state);
  }

  /** Removes a sink; it is called no more once this returns. */
  synchronized void unsubscribe(Sink sink) {
    sinks.remove(sink);
  }

  private synchronized void setState(SyncState s) {
    if (state != s) {
      LOG.info("syncer: {} -> {}", state, s);
      state = s;
      for (Sink k : sinks) {
        k.state(s);
      }
    }
  }

  private synchronized void publish(ClusterCache c) {
    current = c;
    for (Sink k : sinks) {
      k.publish(c);
    }
  }

  private void run() {
    long pause = MIN_PAUSE_MS;
    while (!closed) {
      try {
        syncOnce();
        pause = MIN_PAUSE_MS;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("syncer: datastore unavailable, retrying in {} ms: {}", pause, e.toString());
        setState(SyncState.WAIT_FOR_DATASTORE);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          return;
        }
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
      }
    }
  }

  /** One list and the watch after it; returns when the watch must be opened again. */
  private void syncOnce() {
    if (state == SyncState.IN_SYNC) {
      setState(SyncState.RESYNCING);
    }
    Map<ResourceId, Resource<?>> map = new HashMap<>();
    long revision = Long.MAX_VALUE;
    for (ResourceKind<?> kind : ResourceKind.all()) {
      ResourceList<?> list = store.list(kind, null);
      for (Resource<?> r : list.items()) {
        map.put(r.id(), r);
      }
      // Lists are per-kind snapshots; watching from the oldest replays what later lists saw,
      // and replaying full values in order converges.
      revision = Math.min(revision, list.revision());
    }
    if (state != SyncState.IN_SYNC) {
      setState(SyncState.RESYNCING);
    }
    long published = Math.max(revision, 0);
    ClusterCache cache = ClusterCache.of(map.values(), published);
    publish(cache);
    setState(SyncState.IN_SYNC);
    BlockingQueue<ResourceEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    boolean[] overflow = {false};
    try (ResourceWatch watch =
        store.watch(
            ResourceKind.all(),
            published + 1,
            e -> {
              if (!queue.offer(e)) {
                overflow[0] = true;
              }
            })) {
      while (!closed) {
        ResourceEvent first;
        try {
          first = queue.poll(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (overflow[0]) {
          LOG.warn("syncer: more than {} events queued; listing again", QUEUE);
          return;
        }
        if (first == null) {
          if (watch.isClosed()) {
            LOG.warn("syncer: the watch ended; listing again");
            return;
          }
          continue;
        }
        List<ResourceEvent> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch);
        long rev = published;
        // The batch folded by id, the last event winning: a put, or null for a delete.
        Map<ResourceId, @Nullable Resource<?>> changes = new LinkedHashMap<>();
        for (ResourceEvent e : batch) {
          ResourceEvent.ResyncRequired resync = resyncOf(e);
          if (resync != null) {
            LOG.warn("syncer: resync required ({}); listing again", resync.reason());
            return;
          }
          fold(changes, e);
          rev = Math.max(rev, e.revision());
        }
        published = rev;
        List<Resource<?>> puts = new ArrayList<>();
        List<ResourceId> deletes = new ArrayList<>();
        changes.forEach(
            (id, r) -> {
              if (r == null) {
                deletes.add(id);
              } else {
                puts.add(r);
              }
            });
        cache = cache.apply(puts, deletes, published);
        publish(cache);
      }
    }
  }

  private static ResourceEvent.@Nullable ResyncRequired resyncOf(ResourceEvent e) {
    return e instanceof ResourceEvent.ResyncRequired ? (ResourceEvent.ResyncRequired) e : null;
  }

  private static void fold(Map<ResourceId, @Nullable Resource<?>> changes, ResourceEvent e) {
    if (e instanceof ResourceEvent.Put) {
      Resource<?> r = ((ResourceEvent.Put) e).resource();
      changes.put(r.id(), r);
    } else if (e instanceof ResourceEvent.Deleted) {
      changes.put(((ResourceEvent.Deleted) e).id(), null);
    } else if (e instanceof ResourceEvent.Invalid) {
      ResourceEvent.Invalid i = (ResourceEvent.Invalid) e;
      LOG.debug("syncer: ignoring {}: {}", i.key(), i.problem());
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
