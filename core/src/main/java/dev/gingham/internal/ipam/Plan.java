package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ordinals an assignment means to take, block by block, with the revisions of the blocks and
 * affinities they were chosen from: what its one transaction writes and compares. Not thread-safe:
 * one per attempt.
 */
final class Plan {
  /**
   * The most blocks one assignment may touch: each costs up to three operations (compare the block,
   * compare its affinity, put it) in a transaction of at most 128.
   */
  static final int MAX_BLOCKS = 40;

  private final List<Entry> entries = new ArrayList<>(2);

  /** One block of the plan. */
  static final class Entry {
    final Versioned<Block> block;
    final @Nullable Versioned<Affinity> affinity;
    final long[] exclude;
    int[] ordinals;
    int count;

    private Entry(Versioned<Block> block, @Nullable Versioned<Affinity> affinity, long[] exclude) {
      this.block = block;
      this.affinity = affinity;
      this.exclude = exclude;
      this.ordinals = new int[1];
    }
  }

  List<Entry> entries() {
    return entries;
  }

  /** Whether the plan takes from a block already. */
  boolean has(String blockKey) {
    return find(blockKey) != null;
  }

  /**
   * Takes up to {@code need} ordinals a block can hand out: free, not reserved, not cooling down,
   * not taken by the plan already.
   *
   * @param affinity the host's confirmed affinity for the block, compared on commit; null when
   *     borrowing
   * @param reserved the block's reserved-ordinal mask (not changed)
   * @return how many were taken
   * @throws IllegalArgumentException if the plan would need more than {@value #MAX_BLOCKS} blocks
   */
  int take(
      Versioned<Block> block,
      @Nullable Versioned<Affinity> affinity,
      long[] reserved,
      int need,
      long now,
      long cooldownMillis) {
    Entry e = find(block.key());
    if (e == null) {
      if (!hasRoom(block.value(), reserved, now, cooldownMillis)) {
        return 0;
      }
      if (entries.size() == MAX_BLOCKS) {
        throw new IllegalArgumentException(
            "the request needs addresses from more than "
                + MAX_BLOCKS
                + " blocks, more than one atomic write can hold; ask for fewer addresses at a"
                + " time");
      }
      e = new Entry(block, affinity, reserved.clone());
      entries.add(e);
    }
    if (e.ordinals.length < e.count + need) {
      e.ordinals = Arrays.copyOf(e.ordinals, Math.min(e.count + need, block.value().size()));
    }
    int picked =
        block
            .value()
            .pick(
                e.ordinals,
                e.count,
                Math.min(need, e.ordinals.length - e.count),
                e.exclude,
                now,
                cooldownMillis);
    e.count += picked;
    return picked;
  }

  /**
   * Takes one given ordinal of a block, which the caller checked is free: an explicit assignment,
   * which reservations and cooldowns were checked for already.
   */
  void takeExactly(Versioned<Block> block, @Nullable Versioned<Affinity> affinity, int ordinal) {
    Entry e = new Entry(block, affinity, new long[Block.maskWords(block.value().size())]);
    e.ordinals[0] = ordinal;
    e.count = 1;
    entries.add(e);
  }

  /** Whether a block has an ordinal to hand out. Allocates nothing. */
  static boolean hasRoom(Block block, long[] reserved, long now, long cooldownMillis) {
    for (int i = 0; i < block.freeCount(); i++) {
      int ordinal = block.freeAt(i);
      if ((reserved[ordinal >>> 6] & (1L << ordinal)) == 0
          && !block.isCooling(ordinal, now, cooldownMillis)) {
        return true;
      }
    }
    return false;
  }

  private @Nullable Entry find(String blockKey) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.block.key().equals(blockKey)) {
        return e;
      }
    }
    return null;
  }
}
