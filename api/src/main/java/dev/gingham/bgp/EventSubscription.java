package dev.gingham.bgp;

/**
 * A live subscription to a speaker's events. Closing it stops delivery: events still queued are
 * dropped, and the listener is not called after {@link #close()} returns, unless close is called
 * from the listener itself, in which case the current call is the last. Thread-safe.
 */
public interface EventSubscription extends AutoCloseable {
  /** Whether events are still delivered: false after close, overflow or the speaker's close. */
  boolean isActive();

  /** Ends the subscription. Idempotent. */
  @Override
  void close();
}
