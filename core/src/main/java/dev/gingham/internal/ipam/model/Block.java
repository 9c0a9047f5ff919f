package dev.gingham.internal.ipam.model;

import dev.gingham.net.IpPrefix;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A block: a slice of a pool, the unit of affinity and of compare-and-swap. Immutable; its arrays
 * are never written after construction, so that copies may share them.
 *
 * <p>Addresses are numbered by their <em>ordinal</em>, the offset from the block's first address.
 * Every ordinal is in exactly one of two places: the <em>ordinal table</em> ({@link #slot(int)},
 * which records the handle, attributes and sequence number of an assigned ordinal), or the <em>free
 * FIFO</em> ({@link #freeAt(int)}), in which a released ordinal joins the tail while assignment
 * takes from the head, so that the address free the longest is reused first and a released one
 * last.
 *
 * <p>The <em>sequence number</em> grows by one with every change, and each assignment records the
 * number it was made at, so that two assignments of one ordinal are never confused. A block that
 * {@link #releasedAt(int) remembers} when an ordinal was released can keep it out of use for a
 * cooldown.
 */
public final class Block {
  /** The most addresses a block holds: a /20 or a /116. */
  public static final int MAX_SIZE = 4096;

  private static final long[] NO_RELEASES = new long[0];

  private final IpPrefix cidr;
  private final int size;
  private final @Nullable String affinity;
  private final long sequence;
  private final long emptySince;
  private final int[] free;
  private final @Nullable Slot[] slots;
  private final long[] releasedAt;
  private final int inUse;

  private Block(
      IpPrefix cidr,
      int size,
      @Nullable String affinity,
      long sequence,
      long emptySince,
      int[] free,
      @Nullable Slot[] slots,
      long[] releasedAt,
      int inUse) {
    this.cidr = cidr;
    this.size = size;
    this.affinity = affinity;
    this.sequence = sequence;
    this.emptySince = emptySince;
    this.free = free;
    this.slots = slots;
    this.releasedAt = releasedAt;
    this.inUse = inUse;
  }

  /**
   * A new, empty block: every ordinal free, in order.
   *
   * @param sequence the first sequence number; a block deleted and made again should start past the
   *     numbers the old one used, so callers derive it from the clock, as Calico does
   * @param now when it is made, in epoch milliseconds: it has been empty since
   * @throws IllegalArgumentException if the block holds more than {@value #MAX_SIZE} addresses
   */
  public static Block create(IpPrefix cidr, @Nullable String affinity, long sequence, long now) {
    int size = sizeOf(cidr);
    int[] free = new int[size];
    for (int i = 0; i < size; i++) {
      free[i] = i;
    }
    return new Block(cidr, size, affinity, sequence, now, free, new Slot[size], NO_RELEASES, 0);
  }

  /**
   * A block from its parts, checked: what a decoder builds. The arrays are copied.
   *
   * @param free the free FIFO, head first
   * @param slots the ordinal table, null where free
   * @param releasedAt when each ordinal was last released, 0 for not remembered; empty for none
   * @throws IllegalArgumentException if the parts contradict each other: an ordinal out of range,
   *     free twice, both free and assigned, or neither; the message names it
   */
  public static Block of(
      IpPrefix cidr,
      @Nullable String affinity,
      long sequence,
      long emptySince,
      int[] free,
      @Nullable Slot[] slots,
      long[] releasedAt) {
    int size = sizeOf(cidr);
    if (slots.length != size) {
      throw new IllegalArgumentException(
          "block " + cidr + " has " + size + " ordinals, its table " + slots.length);
    }
    if (releasedAt.length != 0 && releasedAt.length != size) {
      throw new IllegalArgumentException(
          "block " + cidr + " has " + size + " ordinals, its release times " + releasedAt.length);
    }
    if (emptySince < 0) {
      throw new IllegalArgumentException("block " + cidr + ": emptySince " + emptySince + " < 0");
    }
    boolean[] seen = new boolean[size];
    for (int ordinal : free) {
      if (ordinal < 0 || ordinal >= size) {
        throw new IllegalArgumentException(
            "block " + cidr + ": free ordinal " + ordinal + " is not in 0.." + (size - 1));
      }
      if (seen[ordinal]) {
        throw new IllegalArgumentException(
            "block " + cidr + ": ordinal " + ordinal + " is free twice");
      }
      if (slots[ordinal] != null) {
        throw new IllegalArgumentException(
            "block " + cidr + ": ordinal " + ordinal + " is both free and assigned");
      }
      seen[ordinal] = true;
    }
    int inUse = 0;
    for (int ordinal = 0; ordinal < size; ordinal++) {
      if (slots[ordinal] != null) {
        inUse++;
      } else if (!seen[ordinal]) {
        throw new IllegalArgumentException(
            "block " + cidr + ": ordinal " + ordinal + " is neither free nor assigned");
      }
    }
    for (long t : releasedAt) {
      if (t < 0) {
        throw new IllegalArgumentException("block " + cidr + ": release time " + t + " < 0");
      }
    }
    return new Block(
        cidr,
        size,
        affinity,
        sequence,
        inUse == 0 ? emptySince : 0,
        free.clone(),
        slots.clone(),
        anyNonZero(releasedAt) ? releasedAt.clone() : NO_RELEASES,
        inUse);
  }

  private static boolean anyNonZero(long[] values) {
    for (long v : values) {
      if (v != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many addresses a block of this CIDR holds.
   *
   * @throws IllegalArgumentException if more than {@value #MAX_SIZE}
   */
  public static int sizeOf(IpPrefix cidr) {
    if (cidr.hostBits() > 12) {
      throw new IllegalArgumentException(
          "block "
              + cidr
              + " holds more than "
              + MAX_SIZE
              + " addresses; the largest is a /20 or /116");
    }
    return 1 << cidr.hostBits();
  }

  /** The number of longs a mask over this block's ordinals needs. */
  public static int maskWords(int size) {
    return (size + 63) >>> 6;
  }

  /** The block's addresses. */
  public IpPrefix cidr() {
    return cidr;
  }

  /** How many addresses it holds. */
  public int size() {
    return size;
  }

  /** The host it is affine to, or null for none. */
  public @Nullable String affinity() {
    return affinity;
  }

  /** Whether it is affine to this host. */
  public boolean isAffineTo(String host) {
    return host.equals(affinity);
  }

  /** The sequence number: one more with every change. */
  public long sequence() {
    return sequence;
  }

  /** When it last became empty, in epoch milliseconds; 0 while any address is in use. */
  public long emptySince() {
    return emptySince;
  }

  /** How many addresses are assigned. */
  public int inUse() {
    return inUse;
  }

  /** Whether no address is assigned. */
  public boolean isEmpty() {
    return inUse == 0;
  }

  /** How many ordinals are free. */
  public int freeCount() {
    return free.length;
  }

  /** The free ordinal at a position of the FIFO, 0 being the head. */
  public int freeAt(int index) {
    return free[index];
  }

  /**
   * The free FIFO itself, head first, for encoders that write it in one call. Shared with this
   * block and every block derived from it: never modify it.
   */
  public int[] freeShared() {
    return free;
  }

  /** Whether the block remembers any release time. */
  public boolean hasReleaseTimes() {
    return releasedAt.length != 0;
  }

  /** The record of an ordinal, or null when it is free. */
  public @Nullable Slot slot(int ordinal) {
    return slots[ordinal];
  }

  /** When an ordinal was last released, in epoch milliseconds, or 0 if that is not remembered. */
  public long releasedAt(int ordinal) {
    return releasedAt.length == 0 ? 0 : releasedAt[ordinal];
  }

  /** Whether an ordinal was released less than a cooldown ago. */
  public boolean isCooling(int ordinal, long now, long cooldownMillis) {
    if (cooldownMillis <= 0 || releasedAt.length == 0) {
      return false;
    }
    long at = releasedAt[ordinal];
    return at != 0 && now - at < cooldownMillis;
  }

  /**
   * Picks free ordinals to assign, from the head of the FIFO: those not marked in {@code exclude}
   * (reserved, or taken already) and not cooling down. Marks what it picks in {@code exclude}.
   * Allocates nothing.
   *
   * @param out where the picked ordinals go, from {@code offset}
   * @param max the most to pick
   * @param exclude a mask of {@link #maskWords} longs over the ordinals
   * @return how many were picked
   */
  public int pick(int[] out, int offset, int max, long[] exclude, long now, long cooldownMillis) {
    int picked = 0;
    for (int i = 0; i < free.length && picked < max; i++) {
      int ordinal = free[i];
      long bit = 1L << ordinal;
      if ((exclude[ordinal >>> 6] & bit) != 0 || isCooling(ordinal, now, cooldownMillis)) {
        continue;
      }
      exclude[ordinal >>> 6] |= bit;
      out[offset + picked++] = ordinal;
    }
    return picked;
  }

  /** How many free ordinals are marked in a mask: those a reservation keeps, for usage. */
  public int countFreeMarked(long[] mask) {
    int n = 0;
    for (int ordinal : free) {
      if ((mask[ordinal >>> 6] & (1L << ordinal)) != 0) {
        n++;
      }
    }
    return n;
  }

  /** The ordinals a handle holds, in ordinal order. */
  public int[] ordinalsOf(String handle) {
    int n = 0;
    for (Slot slot : slots) {
      if (slot != null && slot.handle().equals(handle)) {
        n++;
      }
    }
    int[] ordinals = new int[n];
    int i = 0;
    for (int ordinal = 0; ordinal < size; ordinal++) {
      Slot slot = slots[ordinal];
      if (slot != null && slot.handle().equals(handle)) {
        ordinals[i++] = ordinal;
      }
    }
    return ordinals;
  }

  /**
   * This block with ordinals assigned to a handle, at the next sequence number. Release times older
   * than the cooldown are forgotten.
   *
   * @param ordinals the ordinals, from index 0
   * @param count how many of them
   * @throws IllegalStateException if one of them is not free
   */
  public Block assign(
      int[] ordinals,
      int count,
      String handle,
      Map<String, String> attributes,
      long now,
      long cooldownMillis) {
    long next = sequence + 1;
    Slot slot = new Slot(handle, attributes, next);
    @Nullable Slot[] nextSlots = slots.clone();
    long[] taken = new long[maskWords(size)];
    for (int i = 0; i < count; i++) {
      int ordinal = ordinals[i];
      if (nextSlots[ordinal] != null) {
        throw new IllegalStateException(
            "ordinal " + ordinal + " of block " + cidr + " is assigned already");
      }
      nextSlots[ordinal] = slot;
      taken[ordinal >>> 6] |= 1L << ordinal;
    }
    int[] nextFree = new int[free.length - count];
    int n = 0;
    for (int ordinal : free) {
      if ((taken[ordinal >>> 6] & (1L << ordinal)) == 0) {
        nextFree[n++] = ordinal;
      }
    }
    return new Block(
        cidr,
        size,
        affinity,
        next,
        0,
        nextFree,
        nextSlots,
        forget(releasedAt, taken, now, cooldownMillis),
        inUse + count);
  }

  /**
   * This block with ordinals released to the tail of the FIFO, at the next sequence number. An
   * ordinal that is free already, or named twice, is released once. When a cooldown applies the
   * release time is remembered; older ones are forgotten.
   */
  public Block release(int[] ordinals, int count, long now, long cooldownMillis) {
    @Nullable Slot[] nextSlots = slots.clone();
    int[] nextFree = Arrays.copyOf(free, free.length + count);
    int n = free.length;
    long[] times = cooldownMillis > 0 ? new long[size] : null;
    if (times != null && releasedAt.length != 0) {
      System.arraycopy(releasedAt, 0, times, 0, size);
    }
    for (int i = 0; i < count; i++) {
      int ordinal = ordinals[i];
      if (nextSlots[ordinal] == null) {
        continue;
      }
      nextSlots[ordinal] = null;
      nextFree[n++] = ordinal;
      if (times != null) {
        times[ordinal] = now;
      }
    }
    int released = n - free.length;
    int nextInUse = inUse - released;
    long[] nextTimes = times == null ? NO_RELEASES : forget(times, null, now, cooldownMillis);
    return new Block(
        cidr,
        size,
        affinity,
        sequence + 1,
        nextInUse == 0 ? now : 0,
        n == nextFree.length ? nextFree : Arrays.copyOf(nextFree, n),
        nextSlots,
        nextTimes,
        nextInUse);
  }

  /** This block affine to another host, or to none, at the next sequence number. */
  public Block withAffinity(@Nullable String host) {
    return new Block(cidr, size, host, sequence + 1, emptySince, free, slots, releasedAt, inUse);
  }

  /**
   * The release times worth keeping: those still within the cooldown and not of an ordinal just
   * assigned. Shares nothing with the input.
   */
  private static long[] forget(
      long[] times, long @Nullable [] assigned, long now, long cooldownMillis) {
    if (times.length == 0 || cooldownMillis <= 0) {
      return NO_RELEASES;
    }
    long[] kept = null;
    for (int ordinal = 0; ordinal < times.length; ordinal++) {
      long at = times[ordinal];
      boolean assignedNow = assigned != null && (assigned[ordinal >>> 6] & (1L << ordinal)) != 0;
      if (at != 0 && now - at < cooldownMillis && !assignedNow) {
        if (kept == null) {
          kept = new long[times.length];
        }
        kept[ordinal] = at;
      }
    }
    return kept == null ? NO_RELEASES : kept;
  }

  /** Equal when every part is: CIDR, affinity, sequence, emptySince, FIFO order, table, times. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Block)) {
      return false;
    }
    Block b = (Block) o;
    return cidr.equals(b.cidr)
        && java.util.Objects.equals(affinity, b.affinity)
        && sequence == b.sequence
        && emptySince == b.emptySince
        && Arrays.equals(free, b.free)
        && Arrays.equals(slots, b.slots)
        && Arrays.equals(releaseTimes(), b.releaseTimes());
  }

  @Override
  public int hashCode() {
    return cidr.hashCode() * 31 + Long.hashCode(sequence);
  }

  /** The release times as a full array, for comparison. */
  private long[] releaseTimes() {
    return releasedAt.length == 0 ? new long[size] : releasedAt;
  }

  @Override
  public String toString() {
    return "Block{"
        + cidr
        + (affinity == null ? ", no affinity" : ", host " + affinity)
        + ", seq "
        + sequence
        + ", "
        + inUse
        + "/"
        + size
        + " in use}";
  }
}
