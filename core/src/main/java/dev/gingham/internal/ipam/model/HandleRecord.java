package dev.gingham.internal.ipam.model;

import dev.gingham.net.IpPrefix;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index from a handle to the blocks that hold its addresses, with how many each holds, so that
 * releasing by handle reads only those blocks. Counts are positive; a handle with none has no
 * record.
 *
 * @param handle the handle
 * @param blocks how many addresses of the handle each block holds, in block order
 */
public record HandleRecord(String handle, Map<IpPrefix, Integer> blocks) {
  public HandleRecord {
    for (Map.Entry<IpPrefix, Integer> e : blocks.entrySet()) {
      if (e.getValue() <= 0) {
        throw new IllegalArgumentException(
            "handle '" + handle + "' counts " + e.getValue() + " addresses in " + e.getKey());
      }
    }
    // Most handles name one block, or none: an immutable small map is a fraction of a tree.
    blocks =
        blocks.size() <= 1
            ? Map.copyOf(blocks)
            : Collections.unmodifiableMap(new TreeMap<>(blocks));
  }

  /** How many addresses of the handle a block holds. */
  public int count(IpPrefix block) {
    Integer n = blocks.get(block);
    return n == null ? 0 : n;
  }

  /** The total over every block. */
  public int total() {
    int total = 0;
    for (int n : blocks.values()) {
      total += n;
    }
    return total;
  }

  /**
   * This record with a block's count changed by {@code delta}; a count that reaches zero or below
   * drops the block (a record that counted too few is healed rather than made negative).
   */
  public HandleRecord adjust(IpPrefix block, int delta) {
    int n = count(block) + delta;
    if (blocks.isEmpty() || (blocks.size() == 1 && blocks.containsKey(block))) {
      return new HandleRecord(handle, n > 0 ? Map.of(block, n) : Map.of());
    }
    TreeMap<IpPrefix, Integer> next = new TreeMap<>(blocks);
    if (n > 0) {
      next.put(block, n);
    } else {
      next.remove(block);
    }
    return new HandleRecord(handle, next);
  }

  /** Whether the record counts nothing, so that it should be deleted. */
  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** An empty record for a handle, to adjust. */
  public static HandleRecord empty(String handle) {
    return new HandleRecord(handle, Map.of());
  }
}
