package dev.gingham.benchmarks.bgp;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the ingest harness sends its table to one receiver: the live speaker ({@code --feeder
 * speaker}) or the replay of pre-encoded UPDATEs ({@code --feeder replay}, {@link ReplayFeeder}).
 */
interface Feeder {
  /** The name the harness prints. */
  String name();

  /** Does what can be done before the session to {@code receiver}, outside the figures. */
  default void prepare(RouteReceiver receiver) {}

  /**
   * Starts a session to a started receiver; the table follows once it is Established.
   *
   * @param timeout how long connecting and the handshake may take
   */
  Session open(RouteReceiver receiver, Duration timeout) throws Exception;

  /** One session; closing it ends the session. */
  interface Session extends AutoCloseable {
    /** {@link System#nanoTime()} when the session reached Established, or -1 before. */
    long establishedAt();

    /** {@link System#nanoTime()} when the whole table was written, or -1 if unknown or not yet. */
    long sentAt();

    /** Why the session failed, or null while it has not. */
    @Nullable String failure();
  }
}
