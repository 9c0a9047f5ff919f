package dev.gingham.internal.bgp.rib;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * A map from non-negative ints to objects: open addressing, linear probing, backward-shift
 * deletion, no boxing. About 8 bytes per slot at a load of at most 3/4. Not thread-safe.
 *
 * @param <V> the value type
 */
public final class IntObjectMap<V> {
  private static final int EMPTY = -1;

  private int[] keys;
  private Object[] values;
  private int size;

  /** An empty map. */
  public IntObjectMap() {
    this(16);
  }

  /** An empty map sized for about {@code expected} entries. */
  public IntObjectMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 4 / 3) - 1) << 1;
    keys = new int[capacity];
    Arrays.fill(keys, EMPTY);
    values = new Object[capacity];
  }

  /** The number of entries. */
  public int size() {
    return size;
  }

  private static int slot(int key, int mask) {
    return (key * 0x9E3779B9 >>> 7) & mask;
  }

  /** The value of {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V get(int key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == EMPTY) {
        return null;
      }
    }
  }

  /**
   * Sets the value of {@code key} and returns the previous one, or null.
   *
   * @throws IllegalArgumentException if the key is negative
   */
  @SuppressWarnings("unchecked")
  public @Nullable V put(int key, V value) {
    if (key < 0) {
      throw new IllegalArgumentException("keys must be >= 0, was " + key);
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      int k = keys[i];
      if (k == key) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
      if (k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        if (++size * 4 > keys.length * 3) {
          resize(keys.length * 2);
        }
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes {@code key} and returns its value, or null. */
  @SuppressWarnings("unchecked")
  public @Nullable V remove(int key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      int k = keys[i];
      if (k == EMPTY) {
        return null;
      }
      if (k == key) {
        V old = (V) values[i];
        shiftBack(i, mask);
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
  }

  /** Closes the gap at {@code gap} by moving later entries of the probe run back. */
  private void shiftBack(int gap, int mask) {
    int i = gap;
    while (true) {
      i = (i + 1) & mask;
      int k = keys[i];
      if (k == EMPTY) {
        break;
      }
      int home = slot(k, mask);
      if (OpenAddressing.movesBack(home, gap, i)) {
        keys[gap] = k;
        values[gap] = values[i];
        gap = i;
      }
    }
    keys[gap] = EMPTY;
    values[gap] = null;
  }

  private void resize(int capacity) {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[capacity];
    Arrays.fill(keys, EMPTY);
    values = new Object[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      int k = oldKeys[j];
      if (k != EMPTY) {
        int i = slot(k, mask);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = oldValues[j];
      }
    }
  }

  /** Removes every entry. */
  public void clear() {
    Arrays.fill(keys, EMPTY);
    Arrays.fill(values, null);
    size = 0;
  }

  /** The keys, in no particular order, as a new array. */
  public int[] keys() {
    int[] out = new int[size];
    int n = 0;
    for (int k : keys) {
      if (k != EMPTY) {
        out[n++] = k;
      }
    }
    return out;
  }

  /** Removes the entries whose key matches and returns how many went. */
  public int removeIf(IntPredicate predicate) {
    int removed = 0;
    for (int k : keys()) {
      if (predicate.test(k)) {
        remove(k);
        removed++;
      }
    }
    return removed;
  }
}
