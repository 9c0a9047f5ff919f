package dev.gingham.bgp;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one peer: its configuration, FSM state, counters and, when established, what was
 * negotiated.
 *
 * @param config the peer's configuration
 * @param state the FSM state
 * @param establishedAt when the current session reached Established, or null if it is not
 * @param counters messages sent and received, over every session with this peer
 * @param session what the current session negotiated, or null if it is not established
 * @param prefixes the prefix counts
 * @param lastError why the last session ended, or null
 */
public record PeerStatus(
    PeerConfig config,
    PeerState state,
    @Nullable Instant establishedAt,
    MessageCounters counters,
    @Nullable NegotiatedSession session,
    PrefixCounts prefixes,
    @Nullable String lastError) {

  /** How long the session has been established at {@code now}, zero if it is not. */
  public Duration uptime(Instant now) {
    return establishedAt == null ? Duration.ZERO : Duration.between(establishedAt, now);
  }
}
