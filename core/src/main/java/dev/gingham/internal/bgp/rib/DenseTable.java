package dev.gingham.internal.bgp.rib;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A table keyed by the dense ids of a {@link PrefixIndex}: an array indexed by id, so that a lookup
 * or a store is one array access with no hashing, and an entry costs one reference. It grows with
 * the largest id stored. Not thread-safe.
 *
 * @param <V> the value type
 */
public final class DenseTable<V> {
  private Object[] values = new Object[64];
  private int size;

  /** The number of entries. */
  public int size() {
    return size;
  }

  /** The value of {@code id}, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V get(int id) {
    return id < values.length ? (V) values[id] : null;
  }

  /** Sets the value of {@code id}; returns the previous one, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V put(int id, V value) {
    if (id >= values.length) {
      values = Arrays.copyOf(values, Math.max(id + 1, values.length + (values.length >> 1)));
    }
    V previous = (V) values[id];
    values[id] = value;
    if (previous == null) {
      size++;
    }
    return previous;
  }

  /** Removes the value of {@code id}; returns it, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V remove(int id) {
    if (id >= values.length) {
      return null;
    }
    V previous = (V) values[id];
    if (previous != null) {
      values[id] = null;
      size--;
    }
    return previous;
  }

  /** The ids with a value, in increasing order, as a new array. */
  public int[] ids() {
    int[] out = new int[size];
    int n = 0;
    for (int i = 0; i < values.length && n < size; i++) {
      if (values[i] != null) {
        out[n++] = i;
      }
    }
    return out;
  }

  /** Removes every entry. */
  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }
}
