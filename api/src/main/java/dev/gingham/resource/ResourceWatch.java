package dev.gingham.resource;

/** A running watch of resources. Thread-safe. */
public interface ResourceWatch extends AutoCloseable {

  /** Whether the watch has ended: closed, after a resync event, or after its listener threw. */
  boolean isClosed();

  /** Stops the watch. No event reaches the listener once this returns. Idempotent. */
  @Override
  void close();
}
