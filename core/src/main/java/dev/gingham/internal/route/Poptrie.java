package dev.gingham.internal.route;

import static dev.gingham.internal.route.PrefixBits.field;
import static dev.gingham.internal.route.PrefixBits.maskHigh;
import static dev.gingham.internal.route.PrefixBits.maskLow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Poptrie (Asai and Ohara, SIGCOMM 2015): the longest-prefix-match structure of one family, built
 * from a {@link PrefixTrie} and kept in step with it.
 *
 * <h2>Layout</h2>
 *
 * The first {@code directBits} bits of an address index the direct array {@code dir} (18 bits for
 * IPv4, 16 for IPv6). An entry with its top bit set is a leaf: the rest is a value id. Otherwise it
 * is the word index of a node in {@code words}. A node covers the next six bits (the last one
 * fewer, if the family's width runs out) and takes three words:
 *
 * <pre>
 *   [0] vector   bit i set: slot i leads to a child node
 *   [1] leafvec  bit i set: slot i starts a run of equal leaves (internal slots skipped)
 *   [2] base0 (high 32 bits): its first leaf; base1 (low 32 bits): the word of its first child
 * </pre>
 *
 * A node's children are contiguous, so the child of slot {@code v} is at {@code base1 + 3 *
 * (popcount(vector & mask(v)) - 1)}, and its leaf is leaf number {@code base0 + popcount(leafvec &
 * mask(v)) - 1}, where {@code mask(v)} keeps bits 0 to v. Leaves are value ids packed into the same
 * words, four 16-bit ids a word while there are at most 65,535 distinct values (a FIB's next hops),
 * else two 32-bit ids; runs of equal leaves are stored once. A node's leaves are written next to
 * it, so that the leaf a lookup ends on is usually in a cache line the node's read already brought
 * in. There is no object per node, and no pointer but these indices.
 *
 * <h2>Updates</h2>
 *
 * A change to prefix P finds the deepest node whose six bits hold all of P (or whose slot on P's
 * path is a leaf). If P ends within that node's bits, only the slots P covers are recomputed and
 * only the children under them rebuilt; otherwise the node's subtree is rebuilt from the trie. The
 * new node goes at the end of the words, each ancestor's block of children is copied with the one
 * record changed (their leaves and other children are shared), and one release write of the direct
 * entry publishes the change. Nothing a reader can reach is ever changed (a word that packs
 * published leaves with new ones is rewritten with the published ones' bits as they were): replaced
 * blocks stay as garbage until a compaction copies what is live into fresh arrays and publishes
 * them with one volatile write. A prefix no longer than {@code directBits} rewrites each direct
 * entry it covers, one at a time.
 *
 * <p>A direct entry that is a leaf stands for the node of its value in {@code valueNodes} (no
 * children, one leaf): an IPv4 lookup walks that node rather than branch on the kind of entry.
 *
 * <h2>Values</h2>
 *
 * Values are interned by identity into ids, so that neighbouring prefixes with the same value (the
 * same next hop) share leaves. An id is never reused before the values are renumbered (a rebuild
 * from the trie, when dead ids outnumber live ones), so a reader never finds an id that has come to
 * mean another value.
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

  /** The most value ids 16-bit leaves hold (id 0 is "no value"). */
  private static final int MAX_NARROW_ID = 0xFFFF;

  /** Leaf numbers are 32-bit, so the words are limited to what they can number. */
  private static final int MAX_WORDS = 1 << 29;

  /** What a reader sees: arrays that never change except by release writes to {@code dir}. */
  private static final class Snapshot {
    final int[] dir;
    final long[] words;
    final long[] valueNodes;
    final boolean narrow;
    final @Nullable Object[] values;

    Snapshot(
        int[] dir, long[] words, long[] valueNodes, boolean narrow, @Nullable Object[] values) {
      this.dir = dir;
      this.words = words;
      this.valueNodes = valueNodes;
      this.narrow = narrow;
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

  private volatile Snapshot snapshot;

  // The writer's state. The arrays are the snapshot's unless an update has outgrown them.
  private int[] dir;
  // The value id of each direct entry's region from the prefixes no longer than directBits, kept
  // so that an update deep in a chunk finds its background without walking the short prefixes.
  private int[] dirBackground;
  private long[] words;
  private boolean narrow;
  private @Nullable Object[] values;
  private long[] valueNodes;
  private boolean grown;
  private int wordCount;
  private int leafTail;
  private long garbageWords;
  private int valueCount;
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
   * @param minGarbage how many garbage words to tolerate before compacting, however few are live
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
    int maxDepth = (width - directBits + STRIDE - 1) / STRIDE + 1;
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
    dirBackground = new int[1 << directBits];
    words = new long[256];
    narrow = true;
    values = new Object[64];
    valueNodes = new long[4 * values.length];
    writeValueNode(0);
    wordCount = 0;
    leafTail = 0;
    valueCount = 1; // id 0: no value
    garbageWords = 0;
    deadValues = 0;
    interned = new IdentityHashMap<>();
    grown = false;
    publishSnapshot();
  }

  private void publishSnapshot() {
    snapshot = new Snapshot(dir, words, valueNodes, narrow, values);
  }

  /**
   * Writes the node that stands for value id k in {@code valueNodes}: no children, one run of one
   * leaf, the id, packed in the node's fourth word. A lookup whose direct entry is a leaf walks
   * this node instead of branching, so that the common step is the same for both kinds of entry.
   */
  private void writeValueNode(int k) {
    int at = 4 * k;
    int leafIndex = narrow ? 4 * (at + 3) : 2 * (at + 3);
    valueNodes[at] = 0;
    valueNodes[at + 1] = 1;
    valueNodes[at + 2] = (long) leafIndex << 32;
    valueNodes[at + 3] = k;
  }

  /** Makes room for one more value id, in the values and their nodes. */
  private void ensureValueRoom() {
    if (valueCount == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
      valueNodes = Arrays.copyOf(valueNodes, 4 * values.length);
      grown = true;
    }
  }

  // ---------------------------------------------------------------- lookups (any thread)

  /** The value of the longest IPv4 prefix containing the address, or null. */
  @Nullable Object lookup4(int address) {
    Snapshot s = snapshot;
    int e = (int) DIR.getAcquire(s.dir, address >>> (32 - DIRECT4));
    // No branch on the kind of entry, which random addresses would mispredict: a leaf entry
    // walks its value's node, which has no children (selects compile to conditional moves).
    boolean valued = e < 0;
    long[] w = valued ? s.valueNodes : s.words;
    int n = valued ? (e & ~LEAF) << 2 : e;
    // The first node, unrolled: most lookups end in its leaves (a /24 is one level down).
    int v = (address << DIRECT4) >>> 26;
    long vector = w[n];
    long bit = 1L << v;
    long mask = (bit << 1) - 1;
    long bases = w[n + 2];
    if ((vector & bit) == 0) {
      return s.values[leaf(w, s.narrow, (int) (bases >>> 32) + Long.bitCount(w[n + 1] & mask) - 1)];
    }
    return deeper4(s, address, (int) bases + 3 * (Long.bitCount(vector & mask) - 1));
  }

  /** The rest of an IPv4 lookup, from the node at offset 24. */
  private static @Nullable Object deeper4(Snapshot s, int address, int node) {
    long[] w = s.words;
    int offset = DIRECT4 + STRIDE;
    int n = node;
    while (true) {
      int v = (address << offset) >>> 26;
      long vector = w[n];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = w[n + 2];
      if ((vector & bit) == 0) {
        return s.values[
            leaf(w, s.narrow, (int) (bases >>> 32) + Long.bitCount(w[n + 1] & mask) - 1)];
      }
      n = (int) bases + 3 * (Long.bitCount(vector & mask) - 1);
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
    long[] w = s.words;
    int offset = DIRECT6;
    int n = e;
    while (true) {
      // A shift by 64 or more is taken modulo 64: offset - 64 within the low word.
      int v = (int) (((offset < 64 ? high : low) << offset) >>> 58);
      long vector = w[n];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = w[n + 2];
      if ((vector & bit) == 0) {
        return s.values[
            leaf(w, s.narrow, (int) (bases >>> 32) + Long.bitCount(w[n + 1] & mask) - 1)];
      }
      n = (int) bases + 3 * (Long.bitCount(vector & mask) - 1);
      offset += STRIDE;
    }
  }

  private static int leaf(long[] w, boolean narrow, int i) {
    return narrow
        ? (int) (w[i >>> 2] >>> ((i & 3) << 4)) & 0xFFFF
        : (int) (w[i >>> 1] >>> ((i & 1) << 5));
  }

  // ---------------------------------------------------------------- batched lookups (any thread)

  /** How many lookups a batch step interleaves. */
  static final int BATCH = 8;

  /** Marks a batched walk's state as being in {@code valueNodes} rather than {@code words}. */
  private static final long IN_VALUE_NODES = Long.MIN_VALUE;

  /** Each reader thread's walk states for batched lookups, so that a batch allocates nothing. */
  private static final ThreadLocal<long[]> BATCH_STATES =
      ThreadLocal.withInitial(() -> new long[BATCH]);

  /**
   * Looks up {@code count} IPv4 addresses into {@code out}, one after the other: the single
   * lookup's common path (direct entry, then one node) is branch-predictable, so consecutive
   * lookups already overlap their cache misses, and interleaving them in lock step measured slower.
   * Allocation-free.
   */
  void lookup4(int[] addresses, int count, @Nullable Object[] out) {
    Objects.checkFromIndexSize(0, count, addresses.length);
    Objects.checkFromIndexSize(0, count, out.length);
    for (int i = 0; i < count; i++) {
      out[i] = lookup4(addresses[i]);
    }
  }

  /**
   * Looks up {@code count} IPv6 addresses into {@code out}, {@value #BATCH} at a time in lock step.
   * An IPv6 walk takes up to six levels, a number that varies from address to address, so one
   * lookup at a time mispredicts where each walk ends and waits on its misses; in lock step each
   * level's reads of the {@value #BATCH} walks are independent and branch-free (conditional moves),
   * and their cache misses overlap. Allocation-free.
   */
  void lookup6(long[] highs, long[] lows, int count, @Nullable Object[] out) {
    Objects.checkFromIndexSize(0, count, highs.length);
    Objects.checkFromIndexSize(0, count, lows.length);
    Objects.checkFromIndexSize(0, count, out.length);
    Snapshot s = snapshot;
    long[] states = BATCH_STATES.get();
    int i = 0;
    for (; i + BATCH <= count; i += BATCH) {
      batch6(s, highs, lows, i, out, states);
    }
    for (; i < count; i++) {
      out[i] = lookup6(highs[i], lows[i]);
    }
  }

  /** Walks {@value #BATCH} IPv6 lookups from {@code at} in lock step, in the caller's states. */
  private static void batch6(
      Snapshot s, long[] hi, long[] lo, int at, @Nullable Object[] out, long[] states) {
    long[] words = s.words;
    long[] valueNodes = s.valueNodes;
    for (int j = 0; j < BATCH; j++) {
      int e = (int) DIR.getAcquire(s.dir, (int) (hi[at + j] >>> (64 - DIRECT6)));
      long start = (long) DIRECT6 << 32;
      states[j] = e < 0 ? IN_VALUE_NODES | start | ((e & ~LEAF) << 2) : start | e;
    }
    boolean moved;
    do {
      moved = false;
      for (int j = 0; j < BATCH; j++) {
        long state = states[j];
        long next = step6(state < 0 ? valueNodes : words, hi[at + j], lo[at + j], state);
        moved |= next != state;
        states[j] = next;
      }
    } while (moved);
    for (int j = 0; j < BATCH; j++) {
      long state = states[j];
      long[] w = state < 0 ? valueNodes : words;
      out[at + j] = s.values[leafAt6(w, s.narrow, hi[at + j], lo[at + j], state)];
    }
  }

  /**
   * One level of an IPv6 walk, without a branch: the state is (offset << 32 | node), and moves to
   * the child if the key's slot has one, else stays, so that a finished walk is a fixed point.
   */
  private static long step6(long[] w, long high, long low, long state) {
    int n = (int) state;
    int offset = (int) (state >>> 32) & 0x7FFF_FFFF;
    int v = (int) (((offset < 64 ? high : low) << offset) >>> 58);
    long vector = w[n];
    long bit = 1L << v;
    int child = (int) w[n + 2] + 3 * (Long.bitCount(vector & ((bit << 1) - 1)) - 1);
    long next = ((long) (offset + STRIDE) << 32) | (child & 0xFFFF_FFFFL);
    return (vector & bit) != 0 ? next : state;
  }

  /** The value id at the end of a finished IPv6 walk. */
  private static int leafAt6(long[] w, boolean narrow, long high, long low, long state) {
    int n = (int) state;
    int offset = (int) (state >>> 32) & 0x7FFF_FFFF;
    int v = (int) (((offset < 64 ? high : low) << offset) >>> 58);
    long mask = (2L << v) - 1;
    return leaf(w, narrow, (int) (w[n + 2] >>> 32) + Long.bitCount(w[n + 1] & mask) - 1);
  }

  // ---------------------------------------------------------------- values (writer)

  /** The id of a value, interning it; each call must be paired with one {@link #release}. */
  int acquire(Object value) {
    Interned i = interned.get(value);
    if (i == null) {
      if (narrow && valueCount > MAX_NARROW_ID) {
        rebuild(); // renumbers densely, and widens the leaves if that is not enough
      }
      ensureValueRoom();
      i = new Interned(valueCount);
      writeValueNode(valueCount);
      values[valueCount++] = value;
      interned.put(value, i);
    }
    i.uses++;
    return i.id;
  }

  /** Gives back a use of a value; its id dies with its last use, until the next rebuild. */
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
      long vector = words[n];
      if ((vector >>> v & 1) == 0) {
        break;
      }
      int position = Long.bitCount(vector & ((1L << v) - 1));
      n = (int) words[n + 2] + 3 * position;
      offset += w;
      depth++;
      pathNodes[depth] = n;
      pathPositions[depth] = position;
    }
    long regionHigh = maskHigh(high, offset);
    long regionLow = maskLow(low, offset);
    if (length <= offset + Math.min(STRIDE, width - offset)) {
      // The prefix lies within this node's bits: only its slots change.
      updateSlots(d, n, high, low, length, offset);
    } else {
      countGarbageBelow(n);
      buildNode(
          regionHigh,
          regionLow,
          offset,
          background(d, regionHigh, regionLow, offset),
          0,
          record,
          0);
    }
    long vector = record[0];
    long leafvec = record[1];
    long bases = record[2];
    // Copy each ancestor's block of children, with the one record replaced.
    for (int k = depth; k >= 1; k--) {
      int parent = pathNodes[k - 1];
      int oldBase = (int) words[parent + 2];
      int size = 3 * Long.bitCount(words[parent]);
      int newBase = allocateWords(size);
      System.arraycopy(words, oldBase, words, newBase, size);
      int at = newBase + 3 * pathPositions[k];
      words[at] = vector;
      words[at + 1] = leafvec;
      words[at + 2] = bases;
      garbageWords += size;
      vector = words[parent];
      leafvec = words[parent + 1];
      bases = (words[parent + 2] & 0xFFFF_FFFF_0000_0000L) | (newBase & 0xFFFF_FFFFL);
    }
    int top = allocateWords(3);
    words[top] = vector;
    words[top + 1] = leafvec;
    words[top + 2] = bases;
    garbageWords += 3;
    publishDir(d, top);
  }

  /** The value id of the longest prefix of at most maxLength bits over the key, in chunk d. */
  private int background(int d, long high, long low, int maxLength) {
    PrefixTrie.Node<?> in = trie.longestMatchInDirect(d, high, low, maxLength);
    return in != null ? in.valueId : dirBackground[d];
  }

  /**
   * Rewrites node n (at {@code offset}) for a change to a prefix that ends within its bits: the
   * slots the prefix covers get their new longest match, the children under them are rebuilt with
   * it as background, and every other slot, leaf run and child stays. Writes the new record to
   * {@link #record}. Cheaper than rebuilding the node from the trie, which repaints the whole
   * chunk.
   */
  private void updateSlots(int d, int n, long high, long low, int length, int offset) {
    int w = Math.min(STRIDE, width - offset);
    int shift = STRIDE - w;
    long vector = words[n];
    long leafvec = words[n + 1];
    long bases = words[n + 2];
    int oldBase0 = (int) (bases >>> 32);
    int oldBase1 = (int) bases;
    int[] slots = slotValues[0];
    boolean narrowNow = narrow;
    // Decode the leaves run by run: a run's value holds from its start to the next leaf run.
    int run = oldBase0 - 1;
    int value = 0;
    for (int i = 0; i < 64; i++) {
      if ((vector >>> i & 1) == 0) {
        if ((leafvec >>> i & 1) != 0) {
          value = leafOf(words, narrowNow, ++run);
        }
        slots[i] = value;
      }
    }
    int first = field(high, low, offset, w);
    int count = 1 << (offset + w - length);
    int end = offset + w;
    long[] children = childRecords[0];
    int childCount = Long.bitCount(vector);
    System.arraycopy(words, oldBase1, children, 0, 3 * childCount);
    boolean childChanged = false;
    long regionHigh = maskHigh(high, offset);
    long regionLow = maskLow(low, offset);
    for (int j = first; j < first + count; j++) {
      long slotHigh = end <= 64 ? regionHigh | ((long) j << (64 - end)) : regionHigh;
      long slotLow = end <= 64 ? regionLow : regionLow | ((long) j << (128 - end));
      value = background(d, slotHigh, slotLow, end);
      int slot = j << shift;
      if ((vector >>> slot & 1) != 0) {
        int position = Long.bitCount(vector & ((1L << slot) - 1));
        countGarbageBelow(oldBase1 + 3 * position);
        buildNode(slotHigh, slotLow, end, value, 1, children, 3 * position);
        childChanged = true;
      } else {
        Arrays.fill(slots, slot, slot + (1 << shift), value);
      }
    }
    int base1 = oldBase1;
    if (childChanged) {
      base1 = allocateWords(3 * childCount);
      System.arraycopy(children, 0, words, base1, 3 * childCount);
      garbageWords += 3L * childCount;
    }
    int perWord = narrowNow ? 4 : 2;
    garbageWords += (Long.bitCount(leafvec) + perWord - 1) / perWord;
    writeRecord(vector, slots, base1, record, 0);
  }

  /** The entry for direct index d: a leaf when nothing in its region is longer than it. */
  private int buildEntry(int d) {
    long high = ((long) d) << (64 - directBits);
    PrefixTrie.Node<?> bg = trie.longestMatch(high, 0, directBits);
    int background = bg == null ? 0 : bg.valueId;
    dirBackground[d] = background;
    int old = dir[d];
    if (old >= 0) {
      countGarbageBelow(old);
      garbageWords += 3;
    }
    if (trie.directRoot(d) == null) {
      return LEAF | background;
    }
    buildNode(high, 0, directBits, background, 0, record, 0);
    int n = allocateWords(3);
    System.arraycopy(record, 0, words, n, 3);
    return n;
  }

  /**
   * Builds the node for the region (key, offset) from the trie, appending its descendants and
   * leaves, and writes its three words to {@code out} at {@code at}.
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
      base1 = allocateWords(3 * count);
      System.arraycopy(children, 0, words, base1, 3 * count);
    }
    writeRecord(internal, slots, base1, out, at);
  }

  /**
   * Appends a node's leaves, one per run of equal values among its leaf slots, and writes its three
   * words to {@code out} at {@code at}.
   *
   * @param internal the slots that lead to children
   * @param slots each slot's value id (internal slots ignored)
   * @param base1 the word of its first child
   */
  private void writeRecord(long internal, int[] slots, int base1, long[] out, int at) {
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
        setLeaf(next++, previous);
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
    int perWord = narrow ? 4 : 2;
    garbageWords += (Long.bitCount(words[n + 1]) + perWord - 1) / perWord;
    int base1 = (int) words[n + 2];
    int children = Long.bitCount(words[n]);
    garbageWords += 3L * children;
    for (int i = 0; i < children; i++) {
      countGarbageBelow(base1 + 3 * i);
    }
  }

  private int allocateWords(int count) {
    if (wordCount + count > words.length) {
      if (wordCount + count > MAX_WORDS) {
        throw new IllegalStateException(
            "the lookup structure would exceed " + MAX_WORDS + " words");
      }
      words =
          Arrays.copyOf(words, Math.min(MAX_WORDS, Math.max(words.length * 2, wordCount + count)));
      grown = true;
    }
    int at = wordCount;
    wordCount += count;
    return at;
  }

  /**
   * Reserves room for {@code count} leaves and returns the first one's number. Consecutive leaf
   * blocks share words; a node allocated in between starts a fresh word.
   */
  private int allocateLeaves(int count) {
    if (count == 0) {
      return 0;
    }
    int perWord = narrow ? 4 : 2;
    int start;
    if (leafTail % perWord != 0 && leafTail / perWord == wordCount - 1) {
      start = leafTail;
    } else {
      start = wordCount * perWord;
    }
    int endWord = (start + count + perWord - 1) / perWord;
    if (endWord > wordCount) {
      allocateWords(endWord - wordCount);
    }
    leafTail = start + count;
    return start;
  }

  private void setLeaf(int i, int id) {
    // Other leaves in the word may be live: they are written back unchanged.
    if (narrow) {
      int shift = (i & 3) << 4;
      words[i >>> 2] = (words[i >>> 2] & ~(0xFFFFL << shift)) | ((long) id << shift);
    } else {
      int shift = (i & 1) << 5;
      words[i >>> 1] = (words[i >>> 1] & ~(0xFFFF_FFFFL << shift)) | ((id & 0xFFFF_FFFFL) << shift);
    }
  }

  private static int leafOf(long[] words, boolean narrow, int i) {
    return narrow
        ? (int) (words[i >>> 2] >>> ((i & 3) << 4)) & 0xFFFF
        : (int) (words[i >>> 1] >>> ((i & 1) << 5));
  }

  private void publishDir(int d, int entry) {
    if (grown) {
      if (dir == snapshot.dir) {
        dir = dir.clone();
      }
      dir[d] = entry;
    } else {
      // Release: whoever reads the entry sees the words written before it.
      DIR.setRelease(dir, d, entry);
    }
  }

  /** Publishes grown arrays, then compacts if garbage outweighs what is live. */
  private void finish() {
    if (grown) {
      publishSnapshot();
      grown = false;
    }
    if (deadValues > Math.max(interned.size(), minGarbage)) {
      rebuild();
    } else if (garbageWords > Math.max(wordCount - garbageWords, minGarbage)) {
      compact();
    }
  }

  /**
   * Copies what is live into fresh arrays sized for it, and publishes them at once. Readers go on
   * with the old arrays meanwhile. Value ids stay as they are.
   */
  void compact() {
    long[] old = words;
    words = new long[capacityFor(wordCount - garbageWords)];
    wordCount = 0;
    leafTail = 0;
    dir = dir.clone();
    for (int d = 0; d < dir.length; d++) {
      int e = dir[d];
      if (e >= 0) {
        int n = allocateWords(3);
        relocate(old, e, n);
        dir[d] = n;
      }
    }
    garbageWords = 0;
    grown = false;
    publishSnapshot();
  }

  private static int capacityFor(long liveWords) {
    return (int) Math.min(MAX_WORDS, Math.max(256, liveWords + liveWords / 4));
  }

  /**
   * Copies the old node at {@code from}, its leaves and its subtree, into the node at {@code to}.
   */
  private void relocate(long[] old, int from, int to) {
    long vector = old[from];
    long leafvec = old[from + 1];
    long bases = old[from + 2];
    int runs = Long.bitCount(leafvec);
    int base0 = allocateLeaves(runs);
    int oldBase0 = (int) (bases >>> 32);
    for (int i = 0; i < runs; i++) {
      setLeaf(base0 + i, leafOf(old, narrow, oldBase0 + i));
    }
    int children = Long.bitCount(vector);
    int base1 = children == 0 ? 0 : allocateWords(3 * children);
    for (int i = 0; i < children; i++) {
      relocate(old, (int) bases + 3 * i, base1 + 3 * i);
    }
    words[to] = vector;
    words[to + 1] = leafvec;
    words[to + 2] = ((long) base0 << 32) | (base1 & 0xFFFF_FFFFL);
  }

  /**
   * Rebuilds everything from the trie into fresh arrays, renumbering the values densely, with
   * 16-bit leaves when the values leave room to grow in them; publishes it all at once. Readers go
   * on with the old arrays meanwhile.
   */
  void rebuild() {
    long live = wordCount - garbageWords;
    interned = new IdentityHashMap<>();
    values = new Object[Math.max(64, values.length)];
    valueCount = 1;
    deadValues = 0;
    trie.forEach(n -> n.valueId = acquireForRebuild(n.value));
    values = Arrays.copyOf(values, Math.max(64, valueCount + valueCount / 4));
    // Hysteresis, so that a count near the limit does not flip the width at every rebuild.
    narrow = narrow ? valueCount < MAX_NARROW_ID * 3 / 4 : valueCount < MAX_NARROW_ID / 2;
    valueNodes = new long[4 * values.length];
    for (int k = 0; k < valueCount; k++) {
      writeValueNode(k);
    }
    words = new long[capacityFor(live * (narrow ? 1 : 2))];
    wordCount = 0;
    leafTail = 0;
    dir = new int[1 << directBits];
    Arrays.fill(dir, LEAF); // buildEntry reads the old entry, of which there is none now
    for (int d = 0; d < dir.length; d++) {
      dir[d] = buildEntry(d);
    }
    garbageWords = 0;
    grown = false;
    publishSnapshot();
  }

  private int acquireForRebuild(@Nullable Object value) {
    Interned i = interned.get(value);
    if (i == null) {
      if (valueCount == values.length) {
        values = Arrays.copyOf(values, values.length * 2); // value nodes are written after
      }
      i = new Interned(valueCount);
      values[valueCount++] = value;
      interned.put(value, i);
    }
    i.uses++;
    return i.id;
  }

  /** Empties it, as the trie was emptied. */
  void clear() {
    reset();
  }

  /** Sizes, for tests and benchmarks. Writer only. */
  Stats stats() {
    return new Stats(dir.length, wordCount, garbageWords, valueCount - 1, deadValues, narrow);
  }

  /**
   * How big the structure is.
   *
   * @param directEntries entries of the direct array (4 bytes each)
   * @param words words in use, garbage included (8 bytes each)
   * @param garbageWords words no longer reachable
   * @param values value ids handed out
   * @param deadValues value ids no longer used
   * @param narrow whether leaves are 16-bit
   */
  record Stats(
      int directEntries,
      long words,
      long garbageWords,
      int values,
      int deadValues,
      boolean narrow) {
    /** The bytes of the lookup structure that is live: direct array, nodes and leaves. */
    long liveBytes() {
      return 4L * directEntries + 8L * (words - garbageWords);
    }
  }
}
