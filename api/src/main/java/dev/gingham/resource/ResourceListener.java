package dev.gingham.resource;

/**
 * Receives a watch's events, one at a time, on a thread owned by the store. A listener that throws
 * ends its watch.
 */
@FunctionalInterface
public interface ResourceListener {

  /** Handles one event. */
  void onEvent(ResourceEvent event);
}
