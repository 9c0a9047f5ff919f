package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where candidate routes come from: one session with a peer, or this speaker itself. It holds what
 * the decision process compares about the sender (its BGP identifier, address, and whether it is
 * external), and interns the {@link Candidate}s of its routes, so that a million prefixes that
 * share an attribute set share one candidate. A new session gets a new source. Not thread-safe.
 */
public final class PathSource {
  /** The most candidates one source interns before it starts again. */
  static final int MAX_CANDIDATES = 1 << 20;

  private final @Nullable IpAddress peer;
  private final int routerId;
  private final boolean external;
  private final Map<PathAttributes, Candidate> candidates = new HashMap<>();

  private PathSource(@Nullable IpAddress peer, int routerId, boolean external) {
    this.peer = peer;
    this.routerId = routerId;
    this.external = external;
  }

  /** The source of a session with {@code peer}. */
  public static PathSource peer(IpAddress peer, int routerId, boolean external) {
    return new PathSource(peer, routerId, external);
  }

  /** The source of this speaker's own routes. */
  public static PathSource local(int routerId) {
    return new PathSource(null, routerId, false);
  }

  /** The peer, or null for this speaker. */
  public @Nullable IpAddress peer() {
    return peer;
  }

  /** Whether this is the speaker's own source. */
  public boolean isLocal() {
    return peer == null;
  }

  /** The sender's BGP identifier. */
  public int routerId() {
    return routerId;
  }

  /** Whether the sender is an eBGP peer. */
  public boolean external() {
    return external;
  }

  /**
   * The interned candidate of this source with these (interned) attributes. The interning table is
   * bounded: past {@value #MAX_CANDIDATES} sets it starts again, which costs at most a spurious
   * best-path event (same attributes, new candidate), never a wrong route.
   */
  public Candidate candidate(PathAttributes attributes) {
    Candidate c = candidates.get(attributes);
    if (c == null) {
      if (candidates.size() >= MAX_CANDIDATES) {
        candidates.clear();
      }
      c = new Candidate(this, attributes);
      candidates.put(attributes, c);
    }
    return c;
  }

  /** Forgets interned candidates; those in use stay valid. */
  public void clearCandidates() {
    candidates.clear();
  }

  @Override
  public String toString() {
    return peer == null ? "local" : peer.toString();
  }
}
