package dev.gingham.bgp;

/**
 * Receives the events of a subscription, one at a time, in order, on a delivery thread that is not
 * the speaker's event loop. A listener that throws has the error logged and keeps its subscription.
 */
@FunctionalInterface
public interface BgpEventListener {
  /** Handles one event. */
  void onEvent(BgpEvent event);
}
