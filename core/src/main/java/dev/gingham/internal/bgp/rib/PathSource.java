package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where candidate routes come from: one session with a peer, a table injected as a peer's, or this
 * speaker itself. It holds what the decision process and the export rules need about the sender
 * (its BGP identifier, address, whether it is external, whether it is a route reflector client),
 * and interns the {@link Candidate}s of its routes, so that a million prefixes that share an
 * attribute set share one candidate. A new session gets a new source. Not thread-safe.
 *
 * <p>Each path of a source has a path identifier this speaker sends on ADD-PATH sessions (RFC
 * 7911): stable for as long as the source lives, so that a changed path replaces the one it
 * advertised before, and unique among the sources of the process.
 */
public final class PathSource {
  /** The most candidates one source interns before it starts again. */
  static final int MAX_CANDIDATES = 1 << 20;

  /** Send-side path identifiers: unique in the process, never 0. */
  private static final AtomicInteger NEXT_PATH_ID = new AtomicInteger();

  private final @Nullable IpAddress peer;
  private final int routerId;
  private final boolean external;
  private final boolean client;
  private final int pathId = nextPathId();
  // Candidates of path 0 by the identity of their (interned) attributes, open addressing: a slot
  // per candidate instead of a map node.
  private Candidate[] candidates = new Candidate[16];
  private int candidateCount;
  private @Nullable Map<Long, Candidate> pathCandidates;
  private @Nullable Map<Integer, Integer> pathIds;

  private PathSource(@Nullable IpAddress peer, int routerId, boolean external, boolean client) {
    this.peer = peer;
    this.routerId = routerId;
    this.external = external;
    this.client = client;
  }

  private static int nextPathId() {
    int id = NEXT_PATH_ID.incrementAndGet();
    return id != 0 ? id : NEXT_PATH_ID.incrementAndGet();
  }

  /** The source of a session with {@code peer}. */
  public static PathSource peer(IpAddress peer, int routerId, boolean external) {
    return new PathSource(peer, routerId, external, false);
  }

  /** The source of a session with {@code peer}, a route reflector client or not (RFC 4456). */
  public static PathSource peer(IpAddress peer, int routerId, boolean external, boolean client) {
    return new PathSource(peer, routerId, external, client);
  }

  /** The source of this speaker's own routes. */
  public static PathSource local(int routerId) {
    return new PathSource(null, routerId, false, false);
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

  /** Whether the sender is a route reflector client of this speaker. */
  public boolean client() {
    return client;
  }

  /**
   * The interned candidate of this source with these attributes, which the speaker has interned:
   * the same instance gives the same candidate. The interning table is bounded: past {@value
   * #MAX_CANDIDATES} sets it starts again, which costs at most a spurious best-path event (same
   * attributes, new candidate), never a wrong route.
   */
  public Candidate candidate(PathAttributes attributes) {
    int mask = candidates.length - 1;
    int i = (System.identityHashCode(attributes) * 0x9E3779B9 >>> 7) & mask;
    for (Candidate c = candidates[i]; c != null; c = candidates[i]) {
      if (c.attributes() == attributes) {
        return c;
      }
      i = (i + 1) & mask;
    }
    Candidate c = new Candidate(this, 0, attributes);
    if (candidateCount >= MAX_CANDIDATES) {
      clearCandidates();
      return candidate(attributes);
    }
    candidates[i] = c;
    if (++candidateCount * 4 > candidates.length * 3) {
      Candidate[] old = candidates;
      candidates = new Candidate[old.length * 2];
      int m = candidates.length - 1;
      for (Candidate o : old) {
        if (o != null) {
          int j = (System.identityHashCode(o.attributes()) * 0x9E3779B9 >>> 7) & m;
          while (candidates[j] != null) {
            j = (j + 1) & m;
          }
          candidates[j] = o;
        }
      }
    }
    return c;
  }

  /**
   * The interned candidate of this source's path {@code pathId} with these attributes; path 0 is
   * {@link #candidate(PathAttributes)}.
   */
  public Candidate candidate(int pathId, PathAttributes attributes) {
    if (pathId == 0) {
      return candidate(attributes);
    }
    if (pathCandidates == null) {
      pathCandidates = new HashMap<>();
    }
    // Keyed by path id and the attribute set's identity hash: equal keys are then checked below.
    long key = (long) pathId << 32 | (System.identityHashCode(attributes) & 0xFFFF_FFFFL);
    Candidate c = pathCandidates.get(key);
    if (c == null || c.attributes() != attributes) {
      if (pathCandidates.size() >= MAX_CANDIDATES) {
        pathCandidates.clear();
      }
      c = new Candidate(this, pathId, attributes);
      pathCandidates.put(key, c);
    }
    return c;
  }

  /**
   * The path identifier this speaker sends for its path {@code receivedPathId} of this source:
   * stable while the source lives, never 0.
   */
  public int sendPathId(int receivedPathId) {
    if (receivedPathId == 0) {
      return pathId;
    }
    if (pathIds == null) {
      pathIds = new HashMap<>();
    }
    return pathIds.computeIfAbsent(receivedPathId, k -> nextPathId());
  }

  /** Forgets interned candidates; those in use stay valid. */
  public void clearCandidates() {
    candidates = new Candidate[16];
    candidateCount = 0;
    pathCandidates = null;
  }

  @Override
  public String toString() {
    return peer == null ? "local" : peer.toString();
  }
}
