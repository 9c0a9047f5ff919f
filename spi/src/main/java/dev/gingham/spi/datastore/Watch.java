package dev.gingham.spi.datastore;

/** A running watch. Thread-safe. */
public interface Watch extends AutoCloseable {

  /** The prefix watched. */
  String prefix();

  /**
   * The revision of the last event handed to the listener (from the moment its call starts), or the
   * revision before the one the watch started from when nothing was handed over yet.
   */
  long lastDeliveredRevision();

  /** Whether the watch has ended: closed, or after a resync event or a failing listener. */
  boolean isClosed();

  /**
   * Stops the watch. No event reaches the listener once this returns, unless this is called from
   * the listener itself, which finishes its current event. Idempotent.
   */
  @Override
  void close();
}
