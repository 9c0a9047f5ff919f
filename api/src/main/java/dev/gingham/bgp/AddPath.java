package dev.gingham.bgp;

/**
 * What this speaker offers a peer for one address family with ADD-PATH (RFC 7911): to receive
 * several paths per prefix, to send them, or both. What a session uses is what both sides offered:
 * paths are sent only if this side sends and the peer receives.
 *
 * <p>A sender advertises the best {@code sendPaths} paths of each prefix that its export rules
 * allow ({@link #ALL} for every one), so that a route reflector passes on the paths its clients
 * need for ECMP. Immutable.
 *
 * @param receive whether to accept several paths per prefix from the peer
 * @param sendPaths how many paths per prefix to send: 0 sends none with ADD-PATH (the best path
 *     alone, as without it), {@link #ALL} sends every path
 */
public record AddPath(boolean receive, int sendPaths) {
  /** Send every path of a prefix. */
  public static final int ALL = Integer.MAX_VALUE;

  /** ADD-PATH off: one path per prefix each way. */
  public static final AddPath OFF = new AddPath(false, 0);

  /**
   * Checks the count.
   *
   * @throws IllegalArgumentException if {@code sendPaths} is negative
   */
  public AddPath {
    if (sendPaths < 0) {
      throw new IllegalArgumentException(
          "ADD-PATH sends 0 (off), 1.. or ALL paths, was " + sendPaths);
    }
  }

  /** Receive several paths per prefix; send the best alone. */
  public static AddPath receiveOnly() {
    return new AddPath(true, 0);
  }

  /** Send every path; receive one. */
  public static AddPath sendAll() {
    return new AddPath(false, ALL);
  }

  /**
   * Send the best {@code n} paths; receive one.
   *
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public static AddPath sendBest(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the number of best paths to send must be >= 1, was " + n);
    }
    return new AddPath(false, n);
  }

  /** Receive several paths and send every path. */
  public static AddPath both() {
    return new AddPath(true, ALL);
  }

  /** Whether paths are sent with ADD-PATH. */
  public boolean send() {
    return sendPaths > 0;
  }

  /** Whether ADD-PATH is off both ways. */
  public boolean isOff() {
    return !receive && sendPaths == 0;
  }

  @Override
  public String toString() {
    String s = sendPaths == 0 ? "" : sendPaths == ALL ? "send all" : "send best " + sendPaths;
    return receive ? (s.isEmpty() ? "receive" : "receive, " + s) : (s.isEmpty() ? "off" : s);
  }
}
