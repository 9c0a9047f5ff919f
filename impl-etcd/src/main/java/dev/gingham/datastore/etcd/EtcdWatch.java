package dev.gingham.datastore.etcd;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchEvent;
import dev.gingham.spi.datastore.WatchEvent.ResyncRequired;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.datastore.base.WatchHub;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: an etcd watch stream that feeds a {@link WatchHub} of one, which gives the listener
 * its bounded queue and serial delivery.
 *
 * <p><b>Resuming.</b> This class, not jetcd, decides where a stream resumes. It remembers the last
 * revision it handed on ({@code received}); etcd never splits one revision across responses, so
 * every event of that revision was handed on with it. When a stream fails (etcd restarted, the
 * connection dropped, the member lost its leader) the stream is closed and a new one opened from
 * there, after a growing pause, for as long as the watch is open; events at or below {@code
 * received} are dropped, so that nothing arrives twice, and nothing is skipped because the new
 * stream starts before the first revision that is still wanted.
 *
 * <p><b>Compaction.</b> Each stream starts one revision <em>before</em> the first revision wanted
 * (which it then drops). etcd refuses a start below its compaction revision, and keeps that
 * revision itself readable; the SPI says that compacting to {@code r} forgets {@code r} too. So
 * asking from one revision early makes etcd refuse exactly when the SPI's history is gone, and the
 * watch then ends with {@code ResyncRequired(COMPACTED)}.
 *
 * <p>The listener's thread is the hub's, never gRPC's: a slow listener fills its own queue (and
 * ends with {@code ResyncRequired(SLOW_CONSUMER)}), and never holds up the connection.
 */
final class EtcdWatch implements Watch {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 2_000;

  private final io.etcd.jetcd.Watch client;
  private final KeySpace keys;
  private final TxnMapper mapper;
  private final ScheduledExecutorService scheduler;
  private final String target;
  private final String prefix;
  private final WatchListener listener;
  private final Runnable onClosed;
  private final WatchHub hub;
  private final Watch delivery;
  private final Object lock = new Object();

  // Guarded by lock.
  private long received;
  private @Nullable Watcher watcher;
  private int generation;
  private int failures;
  private boolean stopped;

  /**
   * Starts a watch; it connects in the background.
   *
   * @param fromRevision the first revision to deliver, at least 1
   */
  EtcdWatch(
      io.etcd.jetcd.Watch client,
      KeySpace keys,
      TxnMapper mapper,
      ScheduledExecutorService scheduler,
      String target,
      String prefix,
      long fromRevision,
      int queueCapacity,
      WatchListener listener,
      Runnable onClosed) {
    this.client = client;
    this.keys = keys;
    this.mapper = mapper;
    this.scheduler = scheduler;
    this.target = target;
    this.prefix = prefix;
    this.listener = listener;
    this.onClosed = onClosed;
    this.received = fromRevision - 1;
    this.hub = new WatchHub("etcd", queueCapacity);
    this.delivery = hub.register(prefix, fromRevision, List.of(), this::deliver);
    synchronized (lock) {
      connect();
    }
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public long lastDeliveredRevision() {
    return delivery.lastDeliveredRevision();
  }

  @Override
  public boolean isClosed() {
    return delivery.isClosed();
  }

  @Override
  public void close() {
    stopStream();
    hub.close();
    onClosed.run();
  }

  @Override
  public String toString() {
    return "EtcdWatch{prefix='" + prefix + "', lastDelivered=" + lastDeliveredRevision() + '}';
  }

  /** Opens a stream from the last revision handed on. Called with the lock held. */
  private void connect() {
    if (stopped) {
      return;
    }
    int id = ++generation;
    WatchOption option =
        WatchOption.builder()
            .withRange(keys.rangeEnd(prefix))
            .withRevision(Math.max(1, received))
            // A member cut off from its leader would otherwise keep the stream open and silent.
            .withRequireLeader(true)
            .build();
    try {
      watcher = client.watch(keys.rangeStart(prefix), option, new StreamListener(id));
    } catch (RuntimeException e) {
      // jetcd refuses new streams once its client is closed; anything else is tried again.
      watcher = null;
      onStreamEnd(id, e);
    }
  }

  private void onResponse(int id, WatchResponse response) {
    synchronized (lock) {
      if (id != generation || stopped) {
        return;
      }
      failures = 0;
      List<WatchEvent> revision = new ArrayList<>();
      for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
        long rev = e.getKeyValue().getModRevision();
        if (rev <= received) {
          continue;
        }
        if (!revision.isEmpty() && revision.get(0).revision() != rev) {
          hub.publish(revision);
          received = revision.get(0).revision();
          revision = new ArrayList<>();
        }
        WatchEvent event = event(e);
        if (event != null) {
          revision.add(event);
        }
      }
      if (!revision.isEmpty()) {
        hub.publish(revision);
        received = revision.get(0).revision();
      }
    }
  }

  private @Nullable WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
    try {
      switch (e.getEventType()) {
        case PUT:
          return new WatchEvent.Put(mapper.keyValue(e.getKeyValue()));
        case DELETE:
          return new WatchEvent.Delete(
              keys.decode(e.getKeyValue().getKey()), e.getKeyValue().getModRevision());
        default:
          LOG.warn("Watch of '{}' on {}: skipped an event of unknown type", prefix, target);
          return null;
      }
    } catch (RuntimeException ex) {
      // A key under the namespace that Gingham cannot have written (not UTF-8): not its data.
      LOG.warn("Watch of '{}' on {}: skipped an event: {}", prefix, target, ex.getMessage());
      return null;
    }
  }

  private void onStreamEnd(int id, @Nullable Throwable error) {
    CallFailure failure =
        error == null
            ? CallFailure.of(Kind.UNAVAILABLE, "the stream ended", new IllegalStateException())
            : CallFailure.classify(error);
    Watcher dead;
    long pause;
    synchronized (lock) {
      if (id != generation || stopped) {
        return;
      }
      dead = watcher;
      watcher = null;
      generation++;
      if (failure.kind() == Kind.COMPACTED) {
        LOG.debug("Watch of '{}' on {}: history after {} was compacted", prefix, target, received);
        hub.publish(List.of(new ResyncRequired(received + 1, ResyncRequired.Reason.COMPACTED)));
        stopped = true;
        pause = -1;
      } else {
        failures++;
        if (failures == 1 || failures % 30 == 0) {
          LOG.warn(
              "Watch of '{}' on {} failed ({} in a row): {}; resuming after revision {}",
              prefix,
              target,
              failures,
              failure.getMessage(),
              received);
        }
        pause = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(failures - 1, 10));
      }
    }
    // jetcd calls this under its own lock, and would end the stream itself afterwards: close the
    // dead stream on another thread, at once, before jetcd's own resume (500ms later) can run.
    try {
      scheduler.execute(() -> closeQuietly(dead));
      if (pause >= 0) {
        scheduler.schedule(this::reconnect, pause, TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException e) {
      // The store is closing, and this watch with it.
    }
  }

  private void reconnect() {
    synchronized (lock) {
      if (watcher == null) {
        connect();
      }
    }
  }

  /** Hands an event to the caller's listener; stops the stream once the watch ends. */
  private void deliver(WatchEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    if (event instanceof ResyncRequired) {
      close();
    }
  }

  private void stopStream() {
    Watcher w;
    synchronized (lock) {
      stopped = true;
      generation++;
      w = watcher;
      watcher = null;
    }
    closeQuietly(w);
  }

  private void closeQuietly(@Nullable Watcher w) {
    if (w == null) {
      return;
    }
    try {
      w.close();
    } catch (RuntimeException e) {
      LOG.debug("Closing a watch stream of '{}' on {} failed", prefix, target, e);
    }
  }

  /** One stream's callbacks; those of a stream that was replaced are ignored. */
  private final class StreamListener implements io.etcd.jetcd.Watch.Listener {
    private final int id;

    StreamListener(int id) {
      this.id = id;
    }

    @Override
    public void onNext(WatchResponse response) {
      onResponse(id, response);
    }

    @Override
    public void onError(Throwable throwable) {
      onStreamEnd(id, throwable);
    }

    @Override
    public void onCompleted() {
      onStreamEnd(id, null);
    }
  }
}
