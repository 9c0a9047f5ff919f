package dev.gingham.spi.dataplane;

/** A running subscription to a namespace's changes. */
public interface Subscription extends AutoCloseable {

  /** Whether it has ended. */
  boolean isClosed();

  /** Stops it; no event reaches the listener once this returns. Idempotent. */
  @Override
  void close();
}
