package dev.gingham.internal.bgp.wire;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from the bytes of an attribute section to what they decode to, so that a session
 * decodes a section it sees again (churn re-announcing a set) once: a hit costs a hash and a
 * compare.
 *
 * <p>Direct-mapped: a section's hash picks one slot, and a new section replaces what was there.
 * Keys live in one arena of fixed-size slots ({@value #SLOT_BYTES} bytes; longer sections are not
 * cached), so that a miss allocates nothing but the value and the cache's memory is fixed from the
 * start: a full table's hundreds of thousands of sections pass through it without leaving their
 * keys behind as garbage. Not thread-safe: one per session, used on its event loop.
 */
public final class AttributeCache {
  /** The longest section cached. */
  public static final int SLOT_BYTES = 160;

  private final int mask;
  private final byte[] arena;
  private final int[] lengths;
  private final int[] hashes;
  private final DecodedAttributes[] values;
  private int size;
  private long hits;
  private long misses;

  /**
   * A cache of {@code entries} slots, rounded up to a power of two.
   *
   * @throws IllegalArgumentException if {@code entries} is not in 1..2^20
   */
  public AttributeCache(int entries) {
    if (entries < 1 || entries > 1 << 20) {
      throw new IllegalArgumentException("entries must be in 1..2^20, was " + entries);
    }
    int capacity = Integer.highestOneBit(entries - 1 == 0 ? 1 : entries - 1) << 1;
    capacity = Math.max(capacity, entries);
    this.mask = capacity - 1;
    this.arena = new byte[capacity * SLOT_BYTES];
    this.lengths = new int[capacity];
    this.hashes = new int[capacity];
    this.values = new DecodedAttributes[capacity];
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
    int i = hash & mask;
    if (lengths[i] == length
        && hashes[i] == hash
        && Arrays.equals(arena, i * SLOT_BYTES, i * SLOT_BYTES + length, key, 0, length)) {
      hits++;
      return values[i];
    }
    misses++;
    return null;
  }

  /** Stores a copy of {@code key[0, length)} with its value, replacing what its slot held. */
  public void put(byte[] key, int length, int hash, DecodedAttributes value) {
    if (length == 0 || length > SLOT_BYTES) {
      return;
    }
    int i = hash & mask;
    if (lengths[i] == 0) {
      size++;
    }
    System.arraycopy(key, 0, arena, i * SLOT_BYTES, length);
    lengths[i] = length;
    hashes[i] = hash;
    values[i] = value;
  }

  /** How many slots hold a section. */
  public int size() {
    return size;
  }

  /** Lookups that found a section. */
  public long hits() {
    return hits;
  }

  /** Lookups that did not. */
  public long misses() {
    return misses;
  }
}
