package dev.gingham.internal.bgp.rib;

import java.util.Arrays;

/**
 * A map from non-negative longs to non-negative ints: open addressing, linear probing,
 * backward-shift deletion, no boxing. Not thread-safe.
 */
final class LongIntMap {
  private static final long EMPTY = -1;

  /** What {@link #get} returns for a missing key. */
  static final int MISSING = -1;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap() {
    keys = new long[16];
    Arrays.fill(keys, EMPTY);
    values = new int[16];
  }

  int size() {
    return size;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  int get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        return MISSING;
      }
    }
  }

  /**
   * The value of {@code key}, or, if it has none, {@code supplier}'s value for it, stored; one
   * probe either way.
   */
  int computeIfAbsent(long key, java.util.function.LongToIntFunction supplier) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == EMPTY) {
        int value = supplier.applyAsInt(key);
        keys[i] = key;
        values[i] = value;
        if (++size * 4 > keys.length * 3) {
          resize(keys.length * 2);
        }
        return value;
      }
      i = (i + 1) & mask;
    }
  }

  void put(long key, int value) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      long k = keys[i];
      if (k == key || k == EMPTY) {
        keys[i] = key;
        values[i] = value;
        if (k == EMPTY && ++size * 4 > keys.length * 3) {
          resize(keys.length * 2);
        }
        return;
      }
      i = (i + 1) & mask;
    }
  }

  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (true) {
      long k = keys[i];
      if (k == EMPTY) {
        return;
      }
      if (k == key) {
        int gap = i;
        while (true) {
          i = (i + 1) & mask;
          long m = keys[i];
          if (m == EMPTY) {
            break;
          }
          int home = slot(m, mask);
          if (gap <= i ? (home <= gap || home > i) : (home <= gap && home > i)) {
            // m's home is not cyclically in (gap, i]: it moves back into the gap.
            keys[gap] = m;
            values[gap] = values[i];
            gap = i;
          }
        }
        keys[gap] = EMPTY;
        size--;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    values = new int[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long k = oldKeys[j];
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
}
