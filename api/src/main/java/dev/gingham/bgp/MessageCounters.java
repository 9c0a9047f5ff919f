package dev.gingham.bgp;

/** How many messages of each type a session has sent and received. Immutable. */
public final class MessageCounters {
  private static final int TYPES = BgpMessageType.values().length;

  /** No messages. */
  public static final MessageCounters ZERO = new MessageCounters(new long[TYPES], new long[TYPES]);

  private final long[] received;
  private final long[] sent;

  private MessageCounters(long[] received, long[] sent) {
    this.received = received;
    this.sent = sent;
  }

  /**
   * Counters from arrays indexed by {@link BgpMessageType#ordinal()}; the arrays are copied.
   *
   * @throws IllegalArgumentException if an array does not have one entry per message type
   */
  public static MessageCounters of(long[] received, long[] sent) {
    if (received.length != TYPES || sent.length != TYPES) {
      throw new IllegalArgumentException(
          "counters need " + TYPES + " entries, had " + received.length + " and " + sent.length);
    }
    return new MessageCounters(received.clone(), sent.clone());
  }

  /** Messages of this type received. */
  public long received(BgpMessageType type) {
    return received[type.ordinal()];
  }

  /** Messages of this type sent. */
  public long sent(BgpMessageType type) {
    return sent[type.ordinal()];
  }

  /** All messages received. */
  public long totalReceived() {
    long n = 0;
    for (long v : received) {
      n += v;
    }
    return n;
  }

  /** All messages sent. */
  public long totalSent() {
    long n = 0;
    for (long v : sent) {
      n += v;
    }
    return n;
  }

  @Override
  public String toString() {
    return "received " + totalReceived() + ", sent " + totalSent();
  }
}
