package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * The routes one peer has sent, as received (before import policy), by prefix id, and which of them
 * are stale while the peer restarts gracefully. It retains each id it holds. Not thread-safe.
 */
public final class AdjRibIn {
  private final PrefixIndex index;
  private final DenseTable<PathAttributes> routes = new DenseTable<>();
  private final BitSet stale = new BitSet();
  private int staleCount;

  /** An empty Adj-RIB-In over the given index. */
  public AdjRibIn(PrefixIndex index) {
    this.index = index;
  }

  /** The number of prefixes held. */
  public int size() {
    return routes.size();
  }

  /** The attributes of a prefix, or null. */
  public @Nullable PathAttributes get(int id) {
    return routes.get(id);
  }

  /** Stores a route, which is fresh; returns the previous attributes or null. */
  public @Nullable PathAttributes put(int id, PathAttributes attributes) {
    PathAttributes previous = routes.put(id, attributes);
    if (previous == null) {
      index.retain(id);
    }
    clearStale(id);
    return previous;
  }

  /** Removes a route; returns its attributes, or null if there was none. */
  public @Nullable PathAttributes remove(int id) {
    PathAttributes previous = routes.remove(id);
    if (previous != null) {
      clearStale(id);
      index.release(id);
    }
    return previous;
  }

  private void clearStale(int id) {
    if (staleCount > 0 && stale.get(id)) {
      stale.clear(id);
      staleCount--;
    }
  }

  /** The ids held, in no particular order. */
  public int[] ids() {
    return routes.ids();
  }

  /** Marks a held route stale. */
  public void markStale(int id) {
    if (routes.get(id) != null && !stale.get(id)) {
      stale.set(id);
      staleCount++;
    }
  }

  /** Whether a route is stale. */
  public boolean isStale(int id) {
    return staleCount > 0 && stale.get(id);
  }

  /** The number of stale routes. */
  public int staleCount() {
    return staleCount;
  }
}
