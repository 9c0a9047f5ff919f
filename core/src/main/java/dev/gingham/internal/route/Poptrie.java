package dev.gingham.internal.route;

import static dev.gingham.internal.route.PrefixBits.field;
import static dev.gingham.internal.route.PrefixBits.maskHigh;
import static dev.gingham.internal.route.PrefixBits.maskLow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.IdentityHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A Poptrie (Asai and Ohara, SIGCOMM 2015): the longest-prefix-match structure of one family, built
 * from a {@link PrefixTrie} and kept in step with it.
 *
 * <h2>Layout</h2>
 *
 * The first {@code directBits} bits of an address index the direct array {@code dir} (18 bits for
 * IPv4, 16 for IPv6). An entry with its top bit set is a leaf: the rest is a value id. Otherwise it
 * is the index of a node. A node covers the next six bits (the last one fewer, if the family's
 * width runs out) and takes three longs of {@code nodes}:
 *
 * <pre>
 *   [0] vector   bit i set: slot i leads to a child node
 *   [1] leafvec  bit i set: slot i starts a run of equal leaves (internal slots skipped)
 *   [2] base0 (high 32 bits): its first leaf in leaves; base1 (low 32 bits): its first child
 * </pre>
 *
 * A node's children are contiguous, so the child of slot {@code v} is {@code base1 +
 * popcount(vector & mask(v)) - 1}, and its leaf is {@code leaves[base0 + popcount(leafvec &
 * mask(v)) - 1]}, where {@code mask(v)} keeps bits 0 to v. Leaves are value ids; runs of equal
 * leaves are stored once. There is no object per node, and no pointer but these indices.
 *
 * <h2>Updates</h2>
 *
 * A change to prefix P rebuilds, from the trie, the deepest node whose six bits hold all of P (or
 * whose slot on P's path is a leaf), appends the new subtree at the end of the arrays, copies each
 * ancestor's block of children with the one record changed (their leaves and other children are
 * shared), and publishes the change by one release write of the direct entry. Nothing a reader can
 * reach is ever written again: replaced blocks stay as garbage until a compaction rebuilds the
 * whole structure into fresh arrays and publishes them with one volatile write. A prefix no longer
 * than {@code directBits} rewrites each direct entry it covers, one at a time.
 *
 * <h2>Values</h2>
 *
 * Values are interned by identity into ids, so that neighbouring prefixes with the same value (the
 * same next hop) share leaves. An id is never reused before a compaction, so a reader never finds
 * an id that has come to mean another value.
 *
 * <p><b>Thread-safety.</b> The lookups are lock-free and allocation-free and may run on any thread
 * at any time. Every other method is the writer's: the caller serialises them.
 */
final class Poptrie {
  static final int STRIDE = 6;

  /** The bits an IPv4 address's direct entry resolves: the paper's choice. */
  static final int DIRECT4 = 18;

  /** The bits an IPv6 address's direct entry resolves; 16 + 6k reaches bit 64 exactly. */
  static final int DIRECT6 = 16;

  private static final int LEAF = 0x8000_0000;
  private static final VarHandle DIR = MethodHandles.arrayElementVarHandle(int[].class);

  /** What a reader sees: arrays that never change except by release writes to {@code dir}. */
  private static final class Snapshot {
    final int[] dir;
    final long[] nodes;
    final int[] leaves;
    final @Nullable Object[] values;

    Snapshot(int[] dir, long[] nodes, int[] leaves, @Nullable Object[] values) {
      this.dir = dir;
      this.nodes = nodes;
      this.leaves = leaves;
      this.values = values;
    }
  }

  /** A value's id and how many prefixes hold it. */
  private static final class Interned {
    final int id;
    int uses;

    Interned(int id) {
      this.id = id;
    }
  }

  private final PrefixTrie<?> trie;
  private final int width;
  private final int directBits;
  private final int minGarbage;
  private final int maxDepth;

  private volatile Snapshot snapshot;

  // The writer's state. The arrays are the snapshot's unless an update has outgrown them.
  private int[] dir;
  private long[] nodes;
  private int[] leaves;
  private @Nullable Object[] values;
  private boolean grown;
  private int nodeCount;
  private int leafCount;
  private int valueCount;
  private long garbageNodes;
  private long garbageLeaves;
  private int deadValues;
  private IdentityHashMap<Object, Interned> interned = new IdentityHashMap<>();
  private final int[][] slotValues;
  private final long[][] childRecords;
  private final long[] record = new long[3];
  private final int[] pathNodes;
  private final int[] pathPositions;
  private final PrefixTrie.Node<?>[] stack;

  /**
   * A Poptrie of IPv4 prefixes.
   *
   * @param trie the prefixes
   * @param minGarbage how many garbage nodes or leaves to tolerate before compacting, however few
   *     are live
   */
  static Poptrie ipv4(PrefixTrie<?> trie, int minGarbage) {
    return new Poptrie(trie, 32, DIRECT4, minGarbage);
  }

  /** A Poptrie of IPv6 prefixes; see {@link #ipv4}. */
  static Poptrie ipv6(PrefixTrie<?> trie, int minGarbage) {
    return new Poptrie(trie, 128, DIRECT6, minGarbage);
  }

  private Poptrie(PrefixTrie<?> trie, int width, int directBits, int minGarbage) {
    this.trie = trie;
    this.width = width;
    this.directBits = directBits;
    this.minGarbage = minGarbage;
    this.maxDepth = (width - directBits + STRIDE - 1) / STRIDE + 1;
    this.slotValues = new int[maxDepth][64];
    this.childRecords = new long[maxDepth][64 * 3];
    this.pathNodes = new int[maxDepth + 1];
    this.pathPositions = new int[maxDepth + 1];
    this.stack = new PrefixTrie.Node<?>[2 * (width + 2)];
    reset();
  }

  private void reset() {
    dir = new int[1 << directBits];
    Arrays.fill(dir, LEAF);
    nodes = new long[3 * 64];
    leaves = new int[256];
    values = new Object[64];
    nodeCount = 0;
    leafCount = 0;
    valueCount = 1; // id 0: no value
    garbageNodes = 0;
    garbageLeaves = 0;
    deadValues = 0;
    interned = new IdentityHashMap<>();
    grown = false;
    snapshot = new Snapshot(dir, nodes, leaves, values);
  }

  // ---------------------------------------------------------------- lookups (any thread)

  /** The value of the longest IPv4 prefix containing the address, or null. */
  @Nullable Object lookup4(int address) {
    Snapshot s = snapshot;
    int e = (int) DIR.getAcquire(s.dir, address >>> (32 - DIRECT4));
    if (e < 0) {
      return s.values[e & ~LEAF];
    }
    long[] nodes = s.nodes;
    int offset = DIRECT4;
    int n = e;
    while (true) {
      int v = (address << offset) >>> 26;
      int p = n * 3;
      long vector = nodes[p];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = nodes[p + 2];
      if ((vector & bit) == 0) {
        return s.values[s.leaves[(int) (bases >>> 32) + Long.bitCount(nodes[p + 1] & mask) - 1]];
      }
      n = (int) bases + Long.bitCount(vector & mask) - 1;
      offset += STRIDE;
    }
  }

  /** The value of the longest IPv6 prefix containing the address, or null. */
  @Nullable Object lookup6(long high, long low) {
    Snapshot s = snapshot;
    int e = (int) DIR.getAcquire(s.dir, (int) (high >>> (64 - DIRECT6)));
    if (e < 0) {
      return s.values[e & ~LEAF];
    }
    long[] nodes = s.nodes;
    int offset = DIRECT6;
    int n = e;
    while (true) {
      // A shift by 64 or more is taken modulo 64: offset - 64 within the low word.
      int v = (int) (((offset < 64 ? high : low) << offset) >>> 58);
      int p = n * 3;
      long vector = nodes[p];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = nodes[p + 2];
      if ((vector & bit) == 0) {
        return s.values[s.leaves[(int) (bases >>> 32) + Long.bitCount(nodes[p + 1] & mask) - 1]];
      }
      n = (int) bases + Long.bitCount(vector & mask) - 1;
      offset += STRIDE;
    }
  }

  // ---------------------------------------------------------------- values (writer)

  /** The id of a value, interning it; each call must be paired with one {@link #release}. */
  int acquire(Object value) {
    Interned i = interned.get(value);
    if (i == null) {
      if (valueCount == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
        grown = true;
      }
      i = new Interned(valueCount);
      values[valueCount++] = value;
      interned.put(value, i);
    }
    i.uses++;
    return i.id;
  }

  /** Gives back a use of a value; its id dies with its last use, until the next compaction. */
  void release(Object value) {
    Interned i = interned.get(value);
    if (i != null && --i.uses == 0) {
      interned.remove(value);
      deadValues++;
    }
  }

  // ---------------------------------------------------------------- updates (writer)

  /**
   * Brings the lookups in step with the trie after the prefix (key, length) changed in it: added,
   * removed or given another value. The trie nodes' value ids must be current.
   */
  void update(long high, long low, int length) {
    if (length <= directBits) {
      int first = (int) (high >>> (64 - directBits));
      int count = 1 << (directBits - length);
      for (int d = first; d < first + count; d++) {
        publishDir(d, buildEntry(d));
      }
    } else {
      updateDeep(high, low, length);
    }
    finish();
  }

  private void updateDeep(long high, long low, int length) {
    int d = (int) (high >>> (64 - directBits));
    int e = dir[d];
    if (e < 0) {
      publishDir(d, buildEntry(d));
      return;
    }
    // Walk down to the deepest node that holds the whole change.
    int depth = 0;
    int n = e;
    int offset = directBits;
    pathNodes[0] = n;
    while (true) {
      int w = Math.min(STRIDE, width - offset);
      if (length <= offset + w) {
        break;
      }
      int v = field(high, low, offset, w) << (STRIDE - w);
      long vector = nodes[3 * n];
      if ((vector >>> v & 1) == 0) {
        break;
      }
      int position = Long.bitCount(vector & ((1L << v) - 1));
      n = (int) nodes[3 * n + 2] + position;
      offset += w;
      depth++;
      pathNodes[depth] = n;
      pathPositions[depth] = position;
    }
    long regionHigh = maskHigh(high, offset);
    long regionLow = maskLow(low, offset);
    PrefixTrie.Node<?> bg = trie.longestMatch(regionHigh, regionLow, offset);
    countGarbageBelow(n);
    buildNode(regionHigh, regionLow, offset, bg == null ? 0 : bg.valueId, 0, record, 0);
    long vector = record[0];
    long leafvec = record[1];
    long bases = record[2];
    // Copy each ancestor's block of children, with the one record replaced.
    for (int k = depth; k >= 1; k--) {
      int parent = pathNodes[k - 1];
      int oldBase = (int) nodes[3 * parent + 2];
      int size = Long.bitCount(nodes[3 * parent]);
      int newBase = allocateNodes(size);
      System.arraycopy(nodes, 3 * oldBase, nodes, 3 * newBase, 3 * size);
      int at = 3 * (newBase + pathPositions[k]);
      nodes[at] = vector;
      nodes[at + 1] = leafvec;
      nodes[at + 2] = bases;
      garbageNodes += size;
      vector = nodes[3 * parent];
      leafvec = nodes[3 * parent + 1];
      bases = (nodes[3 * parent + 2] & 0xFFFF_FFFF_0000_0000L) | (newBase & 0xFFFF_FFFFL);
    }
    int top = allocateNodes(1);
    nodes[3 * top] = vector;
    nodes[3 * top + 1] = leafvec;
    nodes[3 * top + 2] = bases;
    garbageNodes += 1;
    publishDir(d, top);
  }

  /** The entry for direct index d: a leaf when nothing in its region is longer than it. */
  private int buildEntry(int d) {
    long high = directHigh(d);
    PrefixTrie.Node<?> bg = trie.longestMatch(high, 0, directBits);
    int background = bg == null ? 0 : bg.valueId;
    PrefixTrie.Node<?> top = trie.region(high, 0, directBits);
    int old = dir[d];
    if (old >= 0) {
      countGarbageBelow(old);
      garbageNodes += 1;
    }
    if (top == null || (top.length == directBits && top.isLeaf())) {
      return LEAF | background;
    }
    buildNode(high, 0, directBits, background, 0, record, 0);
    int n = allocateNodes(1);
    System.arraycopy(record, 0, nodes, 3 * n, 3);
    return n;
  }

  private long directHigh(int d) {
    return ((long) d) << (64 - directBits);
  }

  /**
   * Builds the node for the region (key, offset) from the trie, appending its descendants and
   * leaves, and writes its three longs to {@code out} at {@code at}.
   *
   * @param background the value id of the longest prefix no longer than the region that holds it
   */
  private void buildNode(
      long high, long low, int offset, int background, int depth, long[] out, int at) {
    int w = Math.min(STRIDE, width - offset);
    int shift = STRIDE - w;
    int[] slots = slotValues[depth];
    Arrays.fill(slots, background);
    long internal = 0;
    PrefixTrie.Node<?> top = trie.region(high, low, offset);
    if (top != null) {
      internal = paint(top, offset, w, shift, slots);
    }
    long[] children = childRecords[depth];
    int count = 0;
    for (long m = internal; m != 0; m &= m - 1) {
      int slot = Long.numberOfTrailingZeros(m);
      int field = slot >>> shift;
      int end = offset + w;
      long childHigh = end <= 64 ? high | ((long) field << (64 - end)) : high;
      long childLow = end <= 64 ? low : low | ((long) field << (128 - end));
      buildNode(childHigh, childLow, end, slots[slot], depth + 1, children, 3 * count);
      count++;
    }
    int base1 = 0;
    if (count > 0) {
      base1 = allocateNodes(count);
      System.arraycopy(children, 0, nodes, 3 * base1, 3 * count);
    }
    long leafvec = 0;
    int runs = 0;
    int previous = -1;
    for (int i = 0; i < 64; i++) {
      if ((internal >>> i & 1) == 0 && slots[i] != previous) {
        leafvec |= 1L << i;
        previous = slots[i];
        runs++;
      }
    }
    int base0 = allocateLeaves(runs);
    int next = base0;
    previous = -1;
    for (int i = 0; i < 64; i++) {
      if ((internal >>> i & 1) == 0 && slots[i] != previous) {
        previous = slots[i];
        leaves[next++] = previous;
      }
    }
    out[at] = internal;
    out[at + 1] = leafvec;
    out[at + 2] = ((long) base0 << 32) | (base1 & 0xFFFF_FFFFL);
  }

  /**
   * Paints each slot with the value of the longest prefix that covers it within these {@code w}
   * bits, walking the subtree under {@code top} parents first; returns the slots that need a child.
   */
  private long paint(PrefixTrie.Node<?> top, int offset, int w, int shift, int[] slots) {
    long internal = 0;
    PrefixTrie.Node<?>[] stack = this.stack;
    int sp = 0;
    stack[sp++] = top;
    while (sp > 0) {
      PrefixTrie.Node<?> q = stack[--sp];
      if (q.length > offset + w) {
        internal |= 1L << (field(q.high, q.low, offset, w) << shift);
        continue;
      }
      if (q.length > offset && q.value != null) {
        int first = field(q.high, q.low, offset, w);
        int count = 1 << (offset + w - q.length);
        Arrays.fill(slots, first << shift, (first + count) << shift, q.valueId);
      }
      PrefixTrie.Node<?> r = q.right;
      PrefixTrie.Node<?> l = q.left;
      if (r != null) {
        stack[sp++] = r;
      }
      if (l != null) {
        stack[sp++] = l;
      }
    }
    return internal;
  }

  private void countGarbageBelow(int n) {
    long vector = nodes[3 * n];
    garbageLeaves += Long.bitCount(nodes[3 * n + 1]);
    int base1 = (int) nodes[3 * n + 2];
    int children = Long.bitCount(vector);
    garbageNodes += children;
    for (int i = 0; i < children; i++) {
      countGarbageBelow(base1 + i);
    }
  }

  private int allocateNodes(int count) {
    if (nodeCount + count > nodes.length / 3) {
      int capacity = Math.max(nodes.length / 3 * 2, nodeCount + count);
      nodes = Arrays.copyOf(nodes, capacity * 3);
      grown = true;
    }
    int at = nodeCount;
    nodeCount += count;
    return at;
  }

  private int allocateLeaves(int count) {
    if (leafCount + count > leaves.length) {
      leaves = Arrays.copyOf(leaves, Math.max(leaves.length * 2, leafCount + count));
      grown = true;
    }
    int at = leafCount;
    leafCount += count;
    return at;
  }

  private void publishDir(int d, int entry) {
    if (grown) {
      if (dir == snapshot.dir) {
        dir = dir.clone();
      }
      dir[d] = entry;
    } else {
      // Release: whoever reads the entry sees the nodes and leaves written before it.
      DIR.setRelease(dir, d, entry);
    }
  }

  /** Publishes grown arrays, then compacts if garbage outweighs what is live. */
  private void finish() {
    if (grown) {
      snapshot = new Snapshot(dir, nodes, leaves, values);
      grown = false;
    }
    long liveNodes = nodeCount - garbageNodes;
    long liveLeaves = leafCount - garbageLeaves;
    if (garbageNodes > Math.max(liveNodes, minGarbage)
        || garbageLeaves > Math.max(liveLeaves, minGarbage)
        || deadValues > Math.max(interned.size(), minGarbage)) {
      compact();
    }
  }

  /**
   * Rebuilds everything into fresh arrays sized for what is live, renumbering the values, and
   * publishes them at once. Readers go on with the old arrays meanwhile.
   */
  void compact() {
    long liveNodes = Math.max(64, nodeCount - garbageNodes);
    long liveLeaves = Math.max(256, leafCount - garbageLeaves);
    IdentityHashMap<Object, Interned> old = interned;
    interned = new IdentityHashMap<>();
    values = new Object[Math.max(64, old.size() + old.size() / 4 + 1)];
    valueCount = 1;
    deadValues = 0;
    renumber(trie.root());
    nodes = new long[(int) Math.min(Integer.MAX_VALUE - 8, 3 * (liveNodes + liveNodes / 4))];
    leaves = new int[(int) Math.min(Integer.MAX_VALUE - 8, liveLeaves + liveLeaves / 4)];
    nodeCount = 0;
    leafCount = 0;
    dir = new int[1 << directBits];
    Arrays.fill(dir, LEAF); // buildEntry reads the old entry, of which there is none now
    for (int d = 0; d < dir.length; d++) {
      dir[d] = buildEntry(d);
    }
    garbageNodes = 0;
    garbageLeaves = 0;
    grown = false;
    snapshot = new Snapshot(dir, nodes, leaves, values);
  }

  private void renumber(PrefixTrie.@Nullable Node<?> top) {
    PrefixTrie.forEachUnder(top, n -> n.valueId = acquire(n.value));
  }

  /** Empties it, as the trie was emptied. */
  void clear() {
    reset();
  }

  /** Sizes, for tests and benchmarks. */
  Stats stats() {
    return new Stats(
        dir.length, nodeCount, leafCount, garbageNodes, garbageLeaves, valueCount - 1, deadValues);
  }

  /**
   * How big the structure is.
   *
   * @param directEntries entries of the direct array (4 bytes each)
   * @param nodes nodes in use, garbage included (24 bytes each)
   * @param leaves leaves in use, garbage included (4 bytes each)
   * @param garbageNodes nodes no longer reachable
   * @param garbageLeaves leaves no longer reachable
   * @param values value ids handed out
   * @param deadValues value ids no longer used
   */
  record Stats(
      int directEntries,
      long nodes,
      long leaves,
      long garbageNodes,
      long garbageLeaves,
      int values,
      int deadValues) {
    /** The bytes of the lookup structure that is live: direct array, nodes and leaves. */
    long liveBytes() {
      return 4L * directEntries + 24L * (nodes - garbageNodes) + 4L * (leaves - garbageLeaves);
    }
  }
}
