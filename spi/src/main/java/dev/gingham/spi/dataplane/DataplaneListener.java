package dev.gingham.spi.dataplane;

/** Receives a subscription's events, one at a time, on a thread owned by the dataplane. */
@FunctionalInterface
public interface DataplaneListener {

  /** Handles one event. A listener that throws ends its subscription. */
  void onEvent(DataplaneEvent event);
}
