package dev.gingham.internal.bgp.rib;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A table keyed by the dense ids of a {@link PrefixIndex}: pages of {@value #PAGE} references
 * indexed by id, so that a lookup or a store is two array accesses with no hashing, an entry costs
 * one reference, and growing never copies the entries (only the small page directory), which would
 * leave a table's worth of garbage behind at every step. Not thread-safe.
 *
 * @param <V> the value type
 */
public final class DenseTable<V> {
  private static final int SHIFT = 12;
  static final int PAGE = 1 << SHIFT;
  private static final int MASK = PAGE - 1;

  private Object[][] pages = new Object[4][];
  private int size;

  /** The number of entries. */
  public int size() {
    return size;
  }

  /** The value of {@code id}, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V get(int id) {
    int p = id >>> SHIFT;
    if (p >= pages.length) {
      return null;
    }
    Object[] page = pages[p];
    return page == null ? null : (V) page[id & MASK];
  }

  /** Sets the value of {@code id}; returns the previous one, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V put(int id, V value) {
    int p = id >>> SHIFT;
    if (p >= pages.length) {
      pages = Arrays.copyOf(pages, Math.max(p + 1, pages.length * 2));
    }
    Object[] page = pages[p];
    if (page == null) {
      page = new Object[PAGE];
      pages[p] = page;
    }
    V previous = (V) page[id & MASK];
    page[id & MASK] = value;
    if (previous == null) {
      size++;
    }
    return previous;
  }

  /** Removes the value of {@code id}; returns it, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V remove(int id) {
    int p = id >>> SHIFT;
    if (p >= pages.length || pages[p] == null) {
      return null;
    }
    V previous = (V) pages[p][id & MASK];
    if (previous != null) {
      pages[p][id & MASK] = null;
      size--;
    }
    return previous;
  }

  /** The ids with a value, in increasing order, as a new array. */
  public int[] ids() {
    int[] out = new int[size];
    int n = 0;
    for (int p = 0; p < pages.length && n < size; p++) {
      Object[] page = pages[p];
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE && n < size; i++) {
        if (page[i] != null) {
          out[n++] = p << SHIFT | i;
        }
      }
    }
    return out;
  }

  /** Removes every entry. */
  public void clear() {
    pages = new Object[4][];
    size = 0;
  }
}
