package dev.gingham.spi.datastore;

/**
 * Receives a watch's events. Called on a thread owned by the store, one event at a time per watch.
 * A listener that throws ends its watch.
 */
@FunctionalInterface
public interface WatchListener {

  /** Handles one event. */
  void onEvent(WatchEvent event);
}
