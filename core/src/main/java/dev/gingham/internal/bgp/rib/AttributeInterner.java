package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import java.lang.ref.WeakReference;
import java.util.function.UnaryOperator;

/**
 * Interns {@link PathAttributes}: equal sets become one instance, so that routes that share a set
 * share its memory and compare by identity. A set goes when no route holds it any more (the table
 * holds weak references), and its slot with the next rebuild.
 *
 * <p>Open addressing over a table of weak references, filled to at most three quarters: an entry
 * costs its reference and about 6 bytes of slots, half of what a {@link java.util.WeakHashMap}
 * entry costs, which counts at hundreds of thousands of sets. Not thread-safe: one per speaker,
 * used on its event loop.
 */
public final class AttributeInterner implements UnaryOperator<PathAttributes> {
  private WeakReference<PathAttributes>[] refs = newTable(16);
  private int used;

  @SuppressWarnings("unchecked")
  private static WeakReference<PathAttributes>[] newTable(int capacity) {
    return (WeakReference<PathAttributes>[]) new WeakReference<?>[capacity];
  }

  /** The canonical instance equal to {@code attributes}. */
  @Override
  public PathAttributes apply(PathAttributes attributes) {
    int hash = attributes.hashCode();
    int mask = refs.length - 1;
    int free = -1;
    for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
      WeakReference<PathAttributes> ref = refs[i];
      if (ref == null) {
        if (free >= 0) {
          i = free; // reuse a cleared slot on the probe path
        } else {
          used++;
        }
        refs[i] = new WeakReference<>(attributes);
        if (used * 4 > refs.length * 3) {
          rebuild();
        }
        return attributes;
      }
      PathAttributes canonical = ref.get();
      if (canonical == null) {
        if (free < 0) {
          free = i;
        }
      } else if (canonical.hashCode() == hash && canonical.equals(attributes)) {
        return canonical; // the hash is a field of the set: no table of hashes is needed
      }
    }
  }

  private static int mix(int hash) {
    return (hash * 0x9E3779B9) ^ (hash >>> 16);
  }

  /** Drops cleared references; doubles the table while what is live fills more than 3/8 of it. */
  private void rebuild() {
    WeakReference<PathAttributes>[] oldRefs = refs;
    int live = 0;
    for (WeakReference<PathAttributes> r : oldRefs) {
      if (r != null && r.get() != null) {
        live++;
      }
    }
    int capacity = oldRefs.length;
    while (live * 8 > capacity * 3) {
      capacity *= 2;
    }
    refs = newTable(capacity);
    used = 0;
    int mask = capacity - 1;
    for (WeakReference<PathAttributes> r : oldRefs) {
      PathAttributes a = r == null ? null : r.get();
      if (a != null) {
        int i = mix(a.hashCode()) & mask;
        while (refs[i] != null) {
          i = (i + 1) & mask;
        }
        refs[i] = r;
        used++;
      }
    }
  }

  /** The number of distinct sets held, counting those not yet found cleared. */
  public int size() {
    int n = 0;
    for (WeakReference<PathAttributes> r : refs) {
      if (r != null && r.get() != null) {
        n++;
      }
    }
    return n;
  }
}
