package dev.gingham.internal.bgp.wire;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from the bytes of an attribute section to what they decode to, so that a session
 * decodes each distinct attribute set once: a full table shares a few hundred thousand sets among a
 * million prefixes, and each UPDATE after the first of its set costs a hash and a compare.
 *
 * <p>Open addressing with linear probing over parallel arrays. When it holds {@code maxEntries} it
 * is cleared and refills: the bound is on memory, and a miss only costs a decode. Lookups allocate
 * nothing. Not thread-safe: one per session, used on its event loop.
 */
public final class AttributeCache {
  private final int maxEntries;
  private byte[][] keys;
  private int[] hashes;
  private DecodedAttributes[] values;
  private int size;
  private long hits;
  private long misses;

  /**
   * A cache of at most {@code maxEntries} sets.
   *
   * @throws IllegalArgumentException if {@code maxEntries} is not in 1..2^28
   */
  public AttributeCache(int maxEntries) {
    if (maxEntries < 1 || maxEntries > 1 << 28) {
      throw new IllegalArgumentException("maxEntries must be in 1..2^28, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    allocate(16);
  }

  private void allocate(int capacity) {
    keys = new byte[capacity][];
    hashes = new int[capacity];
    values = new DecodedAttributes[capacity];
    size = 0;
  }

  /** The hash {@link #get} and {@link #put} expect for {@code key[0, length)}. */
  public static int hash(byte[] key, int length) {
    int h = 0x9747b28c;
    for (int i = 0; i < length; i++) {
      h = (h ^ key[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /** The value stored for {@code key[0, length)} with this hash, or null. */
  public @Nullable DecodedAttributes get(byte[] key, int length, int hash) {
    int mask = keys.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      byte[] k = keys[i];
      if (k == null) {
        misses++;
        return null;
      }
      if (hashes[i] == hash && Arrays.equals(k, 0, k.length, key, 0, length)) {
        hits++;
        return values[i];
      }
    }
  }

  /** Stores a copy of {@code key[0, length)} with its value, clearing the cache first if full. */
  public void put(byte[] key, int length, int hash, DecodedAttributes value) {
    if (size >= maxEntries) {
      allocate(16);
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    insert(Arrays.copyOf(key, length), hash, value);
  }

  private void insert(byte[] key, int hash, DecodedAttributes value) {
    int mask = keys.length - 1;
    int i = hash & mask;
    while (keys[i] != null) {
      if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    hashes[i] = hash;
    values[i] = value;
    size++;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    DecodedAttributes[] oldValues = values;
    allocate(oldKeys.length * 2);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  /** How many sets it holds. */
  public int size() {
    return size;
  }

  /** Lookups that found a set. */
  public long hits() {
    return hits;
  }

  /** Lookups that did not. */
  public long misses() {
    return misses;
  }
}
