package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import java.util.Arrays;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * The routes one peer has sent, as received (before import policy), by prefix id and path
 * identifier, and which of them are stale while the peer restarts gracefully. It retains each
 * prefix id it holds. Not thread-safe.
 *
 * <p>A prefix with one path whose identifier is 0 (every prefix of a session without ADD-PATH)
 * costs one reference: the attribute set itself. Several paths, or a path with another identifier
 * (RFC 7911), take a small {@link Paths} record. Paths of a prefix are addressed by position {@code
 * 0 <= k < pathCount(id)} for iteration without allocation.
 */
public final class AdjRibIn {
  private final PrefixIndex index;
  private final DenseTable<Object> routes = new DenseTable<>();
  private final BitSet stale = new BitSet();
  private int staleCount;
  private int pathCount;

  /** An empty Adj-RIB-In over the given index. */
  public AdjRibIn(PrefixIndex index) {
    this.index = index;
  }

  /** The number of prefixes held. */
  public int size() {
    return routes.size();
  }

  /** The number of paths held, counting each path of each prefix. */
  public int pathCount() {
    return pathCount;
  }

  /** The attributes of path 0 of a prefix, or null. */
  public @Nullable PathAttributes get(int id) {
    return get(id, 0);
  }

  /** The attributes of one path of a prefix, or null. */
  public @Nullable PathAttributes get(int id, int pathId) {
    Object v = routes.get(id);
    if (v == null) {
      return null;
    }
    if (v instanceof PathAttributes) {
      return pathId == 0 ? (PathAttributes) v : null;
    }
    Paths p = (Paths) v;
    int k = p.find(pathId);
    return k < 0 ? null : p.attributes[k];
  }

  /** The number of paths of a prefix. */
  public int pathCount(int id) {
    Object v = routes.get(id);
    return v == null ? 0 : v instanceof PathAttributes ? 1 : ((Paths) v).size;
  }

  /** The path identifier of the {@code k}-th path of a prefix. */
  public int pathIdAt(int id, int k) {
    Object v = routes.get(id);
    return v instanceof PathAttributes ? 0 : ((Paths) v).ids[k];
  }

  /** The attributes of the {@code k}-th path of a prefix. */
  public PathAttributes attributesAt(int id, int k) {
    Object v = routes.get(id);
    return v instanceof PathAttributes ? (PathAttributes) v : ((Paths) v).attributes[k];
  }

  /** Whether the {@code k}-th path of a prefix is stale. */
  public boolean isStaleAt(int id, int k) {
    if (staleCount == 0) {
      return false;
    }
    Object v = routes.get(id);
    return v instanceof PathAttributes ? stale.get(id) : ((Paths) v).stale[k];
  }

  /** Stores path 0 of a prefix, which is fresh; returns the previous attributes or null. */
  public @Nullable PathAttributes put(int id, PathAttributes attributes) {
    return put(id, 0, attributes);
  }

  /** Stores one path of a prefix, which is fresh; returns the previous attributes or null. */
  public @Nullable PathAttributes put(int id, int pathId, PathAttributes attributes) {
    Object v = routes.get(id);
    if (v == null) {
      routes.put(id, pathId == 0 ? attributes : new Paths(pathId, attributes));
      index.retain(id);
      pathCount++;
      return null;
    }
    if (v instanceof PathAttributes) {
      if (pathId == 0) {
        clearStale(id);
        routes.put(id, attributes);
        return (PathAttributes) v;
      }
      Paths p = new Paths(0, (PathAttributes) v);
      if (stale.get(id)) {
        stale.clear(id);
        p.stale[0] = true;
      }
      p.add(pathId, attributes);
      routes.put(id, p);
      pathCount++;
      return null;
    }
    Paths p = (Paths) v;
    int k = p.find(pathId);
    if (k < 0) {
      p.add(pathId, attributes);
      pathCount++;
      return null;
    }
    PathAttributes previous = p.attributes[k];
    p.attributes[k] = attributes;
    if (p.stale[k]) {
      p.stale[k] = false;
      staleCount--;
    }
    return previous;
  }

  /** Removes path 0 of a prefix; returns its attributes, or null if there was none. */
  public @Nullable PathAttributes remove(int id) {
    return remove(id, 0);
  }

  /** Removes one path of a prefix; returns its attributes, or null if there was none. */
  public @Nullable PathAttributes remove(int id, int pathId) {
    Object v = routes.get(id);
    if (v == null) {
      return null;
    }
    if (v instanceof PathAttributes) {
      if (pathId != 0) {
        return null;
      }
      clearStale(id);
      routes.remove(id);
      pathCount--;
      index.release(id);
      return (PathAttributes) v;
    }
    Paths p = (Paths) v;
    int k = p.find(pathId);
    if (k < 0) {
      return null;
    }
    PathAttributes previous = p.attributes[k];
    if (p.stale[k]) {
      staleCount--;
    }
    p.removeAt(k);
    pathCount--;
    if (p.size == 0) {
      routes.remove(id);
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

  /** The prefix ids held, in no particular order. */
  public int[] ids() {
    return routes.ids();
  }

  /** Marks every path of a held prefix stale. */
  public void markStale(int id) {
    Object v = routes.get(id);
    if (v instanceof PathAttributes) {
      if (!stale.get(id)) {
        stale.set(id);
        staleCount++;
      }
    } else if (v != null) {
      Paths p = (Paths) v;
      for (int k = 0; k < p.size; k++) {
        if (!p.stale[k]) {
          p.stale[k] = true;
          staleCount++;
        }
      }
    }
  }

  /** Whether any path of a prefix is stale. */
  public boolean isStale(int id) {
    if (staleCount == 0) {
      return false;
    }
    Object v = routes.get(id);
    if (v instanceof PathAttributes) {
      return stale.get(id);
    }
    if (v != null) {
      Paths p = (Paths) v;
      for (int k = 0; k < p.size; k++) {
        if (p.stale[k]) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether one path of a prefix is stale. */
  public boolean isStale(int id, int pathId) {
    if (staleCount == 0) {
      return false;
    }
    Object v = routes.get(id);
    if (v instanceof PathAttributes) {
      return pathId == 0 && stale.get(id);
    }
    if (v == null) {
      return false;
    }
    Paths p = (Paths) v;
    int k = p.find(pathId);
    return k >= 0 && p.stale[k];
  }

  /** The number of stale paths. */
  public int staleCount() {
    return staleCount;
  }

  /** The paths of one prefix when there is more than one, or one with an identifier. */
  private static final class Paths {
    int size;
    int[] ids = new int[2];
    PathAttributes[] attributes = new PathAttributes[2];
    boolean[] stale = new boolean[2];

    Paths(int pathId, PathAttributes first) {
      add(pathId, first);
    }

    int find(int pathId) {
      for (int k = 0; k < size; k++) {
        if (ids[k] == pathId) {
          return k;
        }
      }
      return -1;
    }

    void add(int pathId, PathAttributes a) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
        attributes = Arrays.copyOf(attributes, size * 2);
        stale = Arrays.copyOf(stale, size * 2);
      }
      ids[size] = pathId;
      attributes[size] = a;
      stale[size] = false;
      size++;
    }

    void removeAt(int k) {
      size--;
      ids[k] = ids[size];
      attributes[k] = attributes[size];
      stale[k] = stale[size];
      attributes[size] = null;
    }
  }
}
