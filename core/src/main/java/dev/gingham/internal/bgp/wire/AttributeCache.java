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
 * cached), so that a miss allocates nothing but the value and the cache's memory is bounded: a full
 * table's hundreds of thousands of sections pass through it without leaving their keys behind as
 * garbage. It starts at {@value #INITIAL_SLOTS} slots and doubles whenever half its slots are
 * taken, up to the size it was made with, so that a thousand quiet sessions (a route reflector's
 * clients, each with a few attribute sets) do not each hold the megabyte a full table's session
 * needs. Not thread-safe: one per session, used on its event loop.
 */
public final class AttributeCache {
  /** The longest section cached. */
  public static final int SLOT_BYTES = 160;

  /** The slots a cache starts with (or fewer, if it is made smaller). */
  public static final int INITIAL_SLOTS = 64;

  private final int maxCapacity;

  private int mask;
  private byte[] arena;
  private int[] lengths;
  private int[] hashes;
  private DecodedAttributes[] values;
  private int size;
  private long hits;
  private long misses;

  /**
   * A cache of at most {@code entries} slots, rounded up to a power of two.
   *
   * @throws IllegalArgumentException if {@code entries} is not in 1..2^20
   */
  public AttributeCache(int entries) {
    if (entries < 1 || entries > 1 << 20) {
      throw new IllegalArgumentException("entries must be in 1..2^20, was " + entries);
    }
    int capacity = Integer.highestOneBit(entries - 1 == 0 ? 1 : entries - 1) << 1;
    this.maxCapacity = Math.max(capacity, entries);
    allocate(Math.min(maxCapacity, INITIAL_SLOTS));
  }

  private void allocate(int capacity) {
    this.mask = capacity - 1;
    this.arena = new byte[capacity * SLOT_BYTES];
    this.lengths = new int[capacity];
    this.hashes = new int[capacity];
    this.values = new DecodedAttributes[capacity];
  }

  /** Doubles the slots, moving every section to its slot in the larger table. */
  private void grow() {
    byte[] oldArena = arena;
    int[] oldLengths = lengths;
    int[] oldHashes = hashes;
    DecodedAttributes[] oldValues = values;
    allocate(lengths.length * 2);
    size = 0;
    for (int j = 0; j < oldLengths.length; j++) {
      if (oldLengths[j] != 0) {
        int i = oldHashes[j] & mask;
        if (lengths[i] == 0) {
          size++;
        }
        System.arraycopy(oldArena, j * SLOT_BYTES, arena, i * SLOT_BYTES, oldLengths[j]);
        lengths[i] = oldLengths[j];
        hashes[i] = oldHashes[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** How many slots it has now. */
  public int capacity() {
    return lengths.length;
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
      if (size + 1 > lengths.length / 2 && lengths.length < maxCapacity) {
        grow();
        i = hash & mask;
      }
      if (lengths[i] == 0) {
        size++;
      }
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
