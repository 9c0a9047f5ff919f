package dev.gingham.bgp;

/**
 * What a subscription receives and how much it may fall behind. Immutable; the defaults replay the
 * current state, report both kinds of event and queue up to {@value #DEFAULT_QUEUE_CAPACITY}
 * events.
 *
 * @param replay whether to report the current state first, then {@link BgpEvent.ReplayFinished}
 * @param peerStates whether to report {@link BgpEvent.PeerStateChanged}
 * @param bestPaths whether to report {@link BgpEvent.BestPathChanged}
 * @param queueCapacity the most events that may wait for the listener; beyond it the subscription
 *     ends with {@link BgpEvent.Overflowed}
 */
public record EventOptions(
    boolean replay, boolean peerStates, boolean bestPaths, int queueCapacity) {
  /** The default queue capacity. */
  public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

  /** Everything, with replay. */
  public static final EventOptions DEFAULTS =
      new EventOptions(true, true, true, DEFAULT_QUEUE_CAPACITY);

  /**
   * Checks the capacity.
   *
   * @throws IllegalArgumentException if the queue capacity is below 1
   */
  public EventOptions {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be >= 1, was " + queueCapacity);
    }
  }

  /** These options with replay on or off. */
  public EventOptions withReplay(boolean replay) {
    return new EventOptions(replay, peerStates, bestPaths, queueCapacity);
  }

  /** These options reporting only peer state changes. */
  public EventOptions peerStatesOnly() {
    return new EventOptions(replay, true, false, queueCapacity);
  }

  /** These options reporting only best-path changes. */
  public EventOptions bestPathsOnly() {
    return new EventOptions(replay, false, true, queueCapacity);
  }

  /** These options with another queue capacity. */
  public EventOptions withQueueCapacity(int queueCapacity) {
    return new EventOptions(replay, peerStates, bestPaths, queueCapacity);
  }
}
