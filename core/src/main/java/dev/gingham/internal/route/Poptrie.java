package dev.gingham.internal.route;

import static dev.gingham.internal.route.PrefixBits.field;
import static dev.gingham.internal.route.PrefixBits.maskHigh;
import static dev.gingham.internal.route.PrefixBits.maskLow;

import dev.gingham.route.PrefixMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Poptrie (Asai and Ohara, SIGCOMM 2015): the longest-prefix-match structure of one family, built
 * from a {@link PrefixTrie} and kept in step with it. For IPv6 its paths are compressed: a node
 * whose region holds a single thread of prefixes deeper down starts where that thread branches.
 *
 * <h2>Layout</h2>
 *
 * The first {@code directBits} bits of an address index the direct array {@code dir} (18 bits for
 * IPv4, 16 for IPv6). An entry with its top bit set is a leaf: the rest is a value id. Otherwise it
 * is the word index of a node in {@code words}. A node covers six bits of the key (the last one
 * fewer, if the family's width runs out) and takes three words, five for IPv6:
 *
 * <pre>
 *   [0] vector   bit i set: slot i leads to a child node
 *   [1] leafvec  bit i set: slot i starts a run of equal leaves (internal slots skipped)
 *   [2] base0 (high 32 bits): its first leaf; base1 (low 32 bits): the word of its first child
 *   [3] check    IPv6 only: the key bits before the node, in the word (high or low) that holds
 *                its six bits, left-aligned; and in the lowest four bits, how many strides of six
 *                bits the node skips between its parent's slot and its own bits
 *   [4] leaves   IPv6 only: the node's leaves, when they fit (see below)
 * </pre>
 *
 * A node's children are contiguous, so the child of slot {@code v} is at {@code base1 + size *
 * (popcount(vector & mask(v)) - 1)}, and its leaf is leaf number {@code base0 + popcount(leafvec &
 * mask(v)) - 1}, where {@code mask(v)} keeps bits 0 to v. Leaves are value ids packed into the same
 * words, four 16-bit ids a word while there are at most 65,535 distinct values (a FIB's next hops),
 * else two 32-bit ids; runs of equal leaves are stored once. A node's leaves are written next to
 * it, so that the leaf a lookup ends on is usually in a cache line the node's read already brought
 * in. There is no object per node, and no pointer but these indices.
 *
 * <p>An IPv6 node whose fallback leaf and runs fit in four 16-bit ids keeps them in its own fifth
 * word, and says so with a {@code base0} of 1 (no leaf kept elsewhere has a number below four:
 * those are word 0's). Most IPv6 lookups end in such a node (a /48 alone in its node is three
 * runs), and its leaves are then on the cache line the node's read brought in, rather than one more
 * dependent miss. The lookup selects the word to read, not between two reads.
 *
 * <h2>Skips (IPv6)</h2>
 *
 * IPv6 prefixes sit in sparse threads (a /48 alone under its /32, itself alone under its /20), and
 * a plain 6-bit trie walks a node for every six bits of such a thread, each one a cache miss. So a
 * node whose region (the slot of its parent) holds prefixes only under one deeper point starts at
 * the level of that point: the nodes in between, which would each have one child and one value, are
 * left out. The lookup takes the node's start from its check word, and compares the key's bits
 * before it with the check: when they differ, the key left the thread in the skipped bits, and the
 * answer is the parent slot's value, which the node keeps as the leaf just before its first ({@code
 * base0 - 1}). Every IPv6 node has that leaf and a check, so the walk has no special case; a node
 * that skips nothing has a check that always holds. Skips are in whole strides and never cross bit
 * 64 (a node at bit 64 is reached from the one at 58), so that the checked bits are in one word and
 * a check word has room for its count. A skip longer than needed is still correct, so an update
 * that leaves a thread longer (a removal) may leave a node where it is until a rebuild.
 *
 * <h2>Updates</h2>
 *
 * A change to prefix P finds the deepest node whose bits hold all of P (or whose slot on P's path
 * is a leaf, or whose skipped bits P does not follow). If P ends within that node's bits, only the
 * slots P covers are recomputed (one walk to the longest match above P, then what lies inside P
 * painted over) and only the children under them rebuilt; otherwise the node's subtree is rebuilt
 * from the trie, from its parent's slot on. The new node goes at the end of the words, each
 * ancestor's block of children is copied with the one record changed (their leaves and other
 * children are shared), and one release write of the direct entry publishes the change. Nothing a
 * reader can reach is ever changed (a word that packs published leaves with new ones is rewritten
 * with the published ones' bits as they were): replaced blocks stay as garbage until a compaction
 * copies what is live into fresh arrays and publishes them with one volatile write. A prefix no
 * longer than {@code directBits} repaints the backgrounds of the direct entries it covers from the
 * short prefixes in one walk, and rebuilds only the entries whose background changed.
 *
 * <p>Word 0 holds an empty node: no children, one run of leaves, and a check that always holds. A
 * lookup whose direct entry is a leaf walks it like any other node and then takes the entry's value
 * id instead of the leaf it found, with arithmetic rather than a branch on the kind of entry, which
 * uniformly random addresses would mispredict a third of the time.
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

  /** The words of an IPv4 node: vector, leafvec, bases. */
  private static final int NODE4 = 3;

  /** The words of an IPv6 node: vector, leafvec, bases, check, leaves when they fit. */
  private static final int NODE6 = 5;

  /** The leaves an IPv6 node's fifth word holds; a leaf number below this is one of them. */
  private static final int INLINE_LEAVES = 4;

  /** The bits of a check word that count the strides its node skips. */
  private static final int SKIP = 0xF;

  /**
   * The last level of an IPv6 key's high word: a skip that starts there ends there at the latest.
   */
  private static final int LAST_HIGH_LEVEL = 64 - STRIDE;

  /** The most value ids 16-bit leaves hold (id 0 is "no value"). */
  private static final int MAX_NARROW_ID = 0xFFFF;

  /** Leaf numbers are 32-bit, so the words are limited to what they can number. */
  private static final int MAX_WORDS = 1 << 29;

  /**
   * What a reader sees: arrays that never change except by release writes to {@code dir}, and
   * writes to slots of {@code values} above every id its {@code dir} leads to yet (each such write
   * precedes the release write that first leads to it).
   */
  static final class Snapshot {
    final int[] dir;
    final long[] words;
    final boolean narrow;
    // The numbering's array, one load nearer for the lookups that read it.
    final @Nullable Object[] values;
    final Numbering numbering;

    /** The renumberings before it ({@link #renumberings()}): ids mean the same within one. */
    final int generation;

    Snapshot(int[] dir, long[] words, boolean narrow, Numbering numbering, int generation) {
      this.dir = dir;
      this.words = words;
      this.narrow = narrow;
      this.values = numbering.values;
      this.numbering = numbering;
      this.generation = generation;
    }
  }

  /**
   * What the value ids of the lookups in a snapshot stand for. An id is not reused before a
   * renumbering, which takes a new array, so the slot of an id a lookup answered is never written
   * again: the numbering keeps its meaning for as long as it is held. It holds only the values, not
   * the snapshot's other arrays, so that a caller holding it pins no more than them. Snapshots that
   * share a values array share it.
   */
  static final class Numbering implements PrefixMap.ValueIds<Object> {
    final @Nullable Object[] values;

    Numbering(@Nullable Object[] values) {
      this.values = values;
    }

    @Override
    public @Nullable Object value(int id) {
      return values[id];
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
  // The words of a node, and whether nodes skip (then each has a check word and a fallback leaf).
  private final int nodeWords;
  private final boolean skips;

  private volatile Snapshot snapshot;

  // The writer's state. The arrays are the snapshot's unless an update has outgrown them.
  private int[] dir;
  // The value id of each direct entry's region from the prefixes no longer than directBits, kept
  // so that an update deep in a chunk finds its background without walking the short prefixes.
  private int[] dirBackground;
  private int[] oldBackgrounds = new int[64];
  private long[] words;
  private boolean narrow;
  private @Nullable Object[] values;
  private boolean grown;
  private int wordCount;
  private int leafTail;
  private long garbageWords;
  private int valueCount;
  private int deadValues;
  private int renumberings;
  private IdentityHashMap<Object, Interned> interned = new IdentityHashMap<>();
  private final int[][] slotValues;
  private final long[][] childRecords;
  private final long[] record = new long[NODE6];
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

  /** A Poptrie of IPv6 prefixes, with skips; see {@link #ipv4}. */
  static Poptrie ipv6(PrefixTrie<?> trie, int minGarbage) {
    return new Poptrie(trie, 128, DIRECT6, minGarbage);
  }

  private Poptrie(PrefixTrie<?> trie, int width, int directBits, int minGarbage) {
    this.trie = trie;
    this.width = width;
    this.directBits = directBits;
    this.minGarbage = minGarbage;
    this.skips = width == 128;
    this.nodeWords = skips ? NODE6 : NODE4;
    int maxDepth = (width - directBits + STRIDE - 1) / STRIDE + 1;
    this.slotValues = new int[maxDepth + 1][64];
    this.childRecords = new long[maxDepth + 1][64 * nodeWords];
    this.pathNodes = new int[maxDepth + 1];
    this.pathPositions = new int[maxDepth + 1];
    this.stack = new PrefixTrie.Node<?>[2 * (width + 2)];
    reset();
  }

  private void reset() {
    renumberings++;
    dir = new int[1 << directBits];
    Arrays.fill(dir, LEAF);
    dirBackground = new int[1 << directBits];
    words = new long[256];
    narrow = true;
    values = new Object[64];
    startWords();
    valueCount = 1; // id 0: no value
    garbageWords = 0;
    deadValues = 0;
    interned = new IdentityHashMap<>();
    grown = false;
    publishSnapshot();
  }

  private void publishSnapshot() {
    Snapshot last = snapshot;
    Numbering numbering =
        last != null && last.values == values ? last.numbering : new Numbering(values);
    snapshot = new Snapshot(dir, words, narrow, numbering, renumberings);
  }

  /** What lookups read now (for {@link RangeFib}'s, which fall back to it). */
  Snapshot snapshot() {
    return snapshot;
  }

  /**
   * Starts the words with the empty node that leaf entries walk: no children, leaves from word 0
   * (whose bits read as value 0, which the lookups replace), a check that skips to bit 64 where it
   * compares nothing. Nothing else is ever written there.
   */
  private void startWords() {
    wordCount = 0;
    leafTail = 0;
    int at = allocateWords(nodeWords);
    words[at] = 0;
    words[at + 1] = 1;
    words[at + 2] = 0;
    if (skips) {
      words[at + 3] = (64 - directBits) / STRIDE;
      words[at + 4] = 0; // its leaf, number 0 (base0 is 0): value 0
    }
  }

  /** Makes room for one more value id. */
  private void ensureValueRoom() {
    if (valueCount == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
      grown = true;
    }
  }

  // ---------------------------------------------------------------- lookups (any thread)

  /** The value of the longest IPv4 prefix containing the address, or null. */
  @Nullable Object lookup4(int address) {
    return lookup4(snapshot, address);
  }

  private static @Nullable Object lookup4(Snapshot s, int address) {
    return s.values[id4(s.dir, s.words, s.narrow, address)];
  }

  /** The value id of the longest IPv4 prefix containing the address, or 0. */
  private static int id4(int[] dir, long[] w, boolean narrow, int address) {
    int e = (int) DIR.getAcquire(dir, address >>> (32 - DIRECT4));
    int r = firstNode4(w, e, address);
    return r >= 0 ? valueId4(w, narrow, e, r) : deeper4(w, narrow, address, ~r);
  }

  /** The value id at the end of an IPv4 lookup that goes on to the node at offset 24. */
  private static int deeper4(long[] w, boolean narrow, int address, int node) {
    int offset = DIRECT4 + STRIDE;
    int n = node;
    while (true) {
      int v = (address << offset) >>> 26;
      long vector = w[n];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = w[n + 2];
      if ((vector & bit) == 0) {
        return leaf(w, narrow, (int) (bases >>> 32) + Long.bitCount(w[n + 1] & mask) - 1);
      }
      n = (int) bases + NODE4 * (Long.bitCount(vector & mask) - 1);
      offset += STRIDE;
    }
  }

  /** The value of the longest IPv6 prefix containing the address, or null. */
  @Nullable Object lookup6(long high, long low) {
    Snapshot s = snapshot;
    return s.values[id6(s, high, low)];
  }

  /** The value id of the longest IPv6 prefix containing the address in the snapshot, or 0. */
  static int id6(Snapshot s, long high, long low) {
    int e = (int) DIR.getAcquire(s.dir, (int) (high >>> (64 - DIRECT6)));
    if (e < 0) {
      return e & ~LEAF;
    }
    long[] w = s.words;
    int start = DIRECT6;
    int n = e;
    while (true) {
      long check = w[n + 3];
      int offset = start + STRIDE * ((int) check & SKIP);
      long word = offset < 64 ? high : low;
      int used = offset & 63;
      // The key's bits before the node's must be the node's: only skipped ones can differ.
      boolean inside = ((word ^ check) & ~(-1L >>> used)) == 0;
      int v = (int) ((word << used) >>> 58);
      long vector = w[n];
      long bit = 1L << v;
      long mask = (bit << 1) - 1;
      long bases = w[n + 2];
      if (((vector & bit) != 0) & inside) {
        n = (int) bases + NODE6 * (Long.bitCount(vector & mask) - 1);
        start = offset + STRIDE;
        continue;
      }
      int base0 = (int) (bases >>> 32);
      int i = inside ? base0 + Long.bitCount(w[n + 1] & mask) - 1 : base0 - 1;
      return leaf6(w, s.narrow, n, i);
    }
  }

  private static int leaf(long[] w, boolean narrow, int i) {
    return narrow
        ? (int) (w[i >>> 2] >>> ((i & 3) << 4)) & 0xFFFF
        : (int) (w[i >>> 1] >>> ((i & 1) << 5));
  }

  /**
   * Leaf i of the IPv6 node n: in its fifth word when i is below {@link #INLINE_LEAVES} (16-bit
   * ids; in a wide snapshot only the empty node's, which are all 0), else among the leaves. One
   * read either way, so that a node's own leaves cost no wait on another line.
   */
  private static int leaf6(long[] w, boolean narrow, int n, int i) {
    boolean inline = i < INLINE_LEAVES;
    boolean sixteen = inline | narrow;
    int at = inline ? n + 4 : narrow ? i >>> 2 : i >>> 1;
    long bits = w[at] >>> (sixteen ? (i & 3) << 4 : (i & 1) << 5);
    return sixteen ? (int) bits & 0xFFFF : (int) bits;
  }

  // ---------------------------------------------------------------- batched lookups (any thread)

  /**
   * Looks up {@code count} IPv4 addresses into {@code out}, in lock step as {@link #lookupIds4}
   * does, storing each group's eight values after the eight are known. Storing a reference costs
   * G1's post-write barrier, which fences when the array is old; a fence made while the group's
   * cache misses are outstanding would wait for them, and one store per lookup as it ends ran at
   * half the speed of this.
   */
  void lookup4(int[] addresses, int count, @Nullable Object[] out) {
    Objects.checkFromIndexSize(0, count, addresses.length);
    Objects.checkFromIndexSize(0, count, out.length);
    ids4(snapshot, addresses, count, null, out);
  }

  /**
   * Looks up the value ids of {@code count} IPv4 addresses into {@code ids}, all in one snapshot,
   * and returns what they stand for. Allocation-free.
   */
  PrefixMap.ValueIds<Object> lookupIds4(int[] addresses, int count, int[] ids) {
    Objects.checkFromIndexSize(0, count, addresses.length);
    Objects.checkFromIndexSize(0, count, ids.length);
    Snapshot s = snapshot;
    ids4(s, addresses, count, ids, null);
    return s.numbering;
  }

  /**
   * Looks up the first {@code count} addresses, eight in lock step: the eight direct entries are
   * read, then the eight first nodes, then the eight leaves, so that eight independent chains of
   * dependent instructions (and their cache misses) run interleaved rather than one after another.
   * Their states are local variables (an array would cost a store and a reload per stage). A key
   * that goes below its first node (a prefix longer than /24 under it) finishes its walk alone; its
   * branch is rarely taken. Stores the value ids into {@code ids}, or if that is null the values
   * into {@code out}: one loop for both, whose callers each fold the choice away.
   */
  private static void ids4(
      Snapshot s,
      int[] addresses,
      int count,
      int @Nullable [] ids,
      @Nullable Object @Nullable [] out) {
    int[] dir = s.dir;
    long[] w = s.words;
    boolean narrow = s.narrow;
    @Nullable Object[] values = s.values;
    int k = 0;
    for (; k + 8 <= count; k += 8) {
      int a0 = addresses[k];
      int a1 = addresses[k + 1];
      int a2 = addresses[k + 2];
      int a3 = addresses[k + 3];
      int a4 = addresses[k + 4];
      int a5 = addresses[k + 5];
      int a6 = addresses[k + 6];
      int a7 = addresses[k + 7];
      int e0 = (int) DIR.getAcquire(dir, a0 >>> (32 - DIRECT4));
      int e1 = (int) DIR.getAcquire(dir, a1 >>> (32 - DIRECT4));
      int e2 = (int) DIR.getAcquire(dir, a2 >>> (32 - DIRECT4));
      int e3 = (int) DIR.getAcquire(dir, a3 >>> (32 - DIRECT4));
      int e4 = (int) DIR.getAcquire(dir, a4 >>> (32 - DIRECT4));
      int e5 = (int) DIR.getAcquire(dir, a5 >>> (32 - DIRECT4));
      int e6 = (int) DIR.getAcquire(dir, a6 >>> (32 - DIRECT4));
      int e7 = (int) DIR.getAcquire(dir, a7 >>> (32 - DIRECT4));
      int r0 = firstNode4(w, e0, a0);
      int r1 = firstNode4(w, e1, a1);
      int r2 = firstNode4(w, e2, a2);
      int r3 = firstNode4(w, e3, a3);
      int r4 = firstNode4(w, e4, a4);
      int r5 = firstNode4(w, e5, a5);
      int r6 = firstNode4(w, e6, a6);
      int r7 = firstNode4(w, e7, a7);
      int i0 = r0 >= 0 ? valueId4(w, narrow, e0, r0) : deeper4(w, narrow, a0, ~r0);
      int i1 = r1 >= 0 ? valueId4(w, narrow, e1, r1) : deeper4(w, narrow, a1, ~r1);
      int i2 = r2 >= 0 ? valueId4(w, narrow, e2, r2) : deeper4(w, narrow, a2, ~r2);
      int i3 = r3 >= 0 ? valueId4(w, narrow, e3, r3) : deeper4(w, narrow, a3, ~r3);
      int i4 = r4 >= 0 ? valueId4(w, narrow, e4, r4) : deeper4(w, narrow, a4, ~r4);
      int i5 = r5 >= 0 ? valueId4(w, narrow, e5, r5) : deeper4(w, narrow, a5, ~r5);
      int i6 = r6 >= 0 ? valueId4(w, narrow, e6, r6) : deeper4(w, narrow, a6, ~r6);
      int i7 = r7 >= 0 ? valueId4(w, narrow, e7, r7) : deeper4(w, narrow, a7, ~r7);
      if (ids != null) {
        ids[k] = i0;
        ids[k + 1] = i1;
        ids[k + 2] = i2;
        ids[k + 3] = i3;
        ids[k + 4] = i4;
        ids[k + 5] = i5;
        ids[k + 6] = i6;
        ids[k + 7] = i7;
      } else {
        out[k] = values[i0];
        out[k + 1] = values[i1];
        out[k + 2] = values[i2];
        out[k + 3] = values[i3];
        out[k + 4] = values[i4];
        out[k + 5] = values[i5];
        out[k + 6] = values[i6];
        out[k + 7] = values[i7];
      }
    }
    for (; k < count; k++) {
      int i = id4(dir, w, narrow, addresses[k]);
      if (ids != null) {
        ids[k] = i;
      } else {
        out[k] = values[i];
      }
    }
  }

  /**
   * The first node's step of an IPv4 lookup whose direct entry is {@code e}: the number of the leaf
   * it ends on, or the complement (negative) of the child node it goes on to. No branch on the kind
   * of entry, which random addresses would mispredict: a leaf entry walks the empty node at word 0
   * (masks, not selects, which the compiler may turn into branches), and {@link #valueId4} then
   * takes the entry's id instead of the leaf found there.
   */
  private static int firstNode4(long[] w, int e, int address) {
    int n = e & ~(e >> 31);
    int v = (address << DIRECT4) >>> 26;
    long vector = w[n];
    long bit = 1L << v;
    long mask = (bit << 1) - 1;
    long bases = w[n + 2];
    int leaf = (int) (bases >>> 32) + Long.bitCount(w[n + 1] & mask) - 1;
    int child = (int) bases + NODE4 * (Long.bitCount(vector & mask) - 1);
    return (vector & bit) == 0 ? leaf : ~child;
  }

  /** The value id of leaf {@code i} found under direct entry {@code e}: the entry's, if a leaf. */
  private static int valueId4(long[] w, boolean narrow, int e, int i) {
    int valued = e >> 31;
    return (leaf(w, narrow, i) & ~valued) | (e & valued & ~LEAF);
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
   * Reads what an update of the key will read first (its direct entry and background, the node
   * under the entry and that node's first leaves) before the caller walks the trie: an update's
   * cache misses are mostly these and the trie's, and read here they overlap rather than follow one
   * another.
   *
   * @return a number made of what was read, for the caller to keep so that the reads are not
   *     optimised away. It is not kept here: this object holds the snapshot that every lookup
   *     reads, and a batch reads ahead 64 keys in a row, so a store per key would contend for the
   *     readers' cache line.
   */
  long warm(long high) {
    int d = (int) (high >>> (64 - directBits));
    int e = dir[d];
    long seen = dirBackground[d];
    if (e >= 0) {
      long bases = words[e + 2];
      seen ^= bases ^ words[(int) (bases >>> 32) >>> (narrow ? 2 : 1)];
    }
    return seen;
  }

  /**
   * Brings the lookups in step with the trie after the prefix (key, length) changed in it: added,
   * removed or given another value. The trie nodes' value ids must be current.
   */
  void update(long high, long low, int length) {
    if (length <= directBits) {
      updateDirect(high, length);
    } else {
      updateDeep(high, low, length);
    }
    finish();
  }

  /**
   * A change to a prefix no longer than {@code directBits}: repaints the backgrounds of the direct
   * entries it covers, and rebuilds the entries whose background changed (their chunks' own
   * prefixes are as they were).
   */
  private void updateDirect(long high, int length) {
    int first = (int) (high >>> (64 - directBits));
    int count = 1 << (directBits - length);
    if (oldBackgrounds.length < count) {
      oldBackgrounds = new int[count];
    }
    System.arraycopy(dirBackground, first, oldBackgrounds, 0, count);
    paintBackgrounds(high, length);
    for (int d = first; d < first + count; d++) {
      if (dirBackground[d] != oldBackgrounds[d - first]) {
        publishDir(d, buildEntry(d));
      }
    }
  }

  /**
   * Paints {@link #dirBackground} under the prefix (high, length), length at most {@code
   * directBits}: the longest prefix no longer than it that holds it, then each shorter-than-direct
   * prefix inside it over its own entries, parents before children, in one walk of the trie.
   */
  private void paintBackgrounds(long high, int length) {
    int first = (int) (high >>> (64 - directBits));
    int count = 1 << (directBits - length);
    PrefixTrie.Node<?> base = trie.longestMatch(high, 0, length);
    Arrays.fill(dirBackground, first, first + count, base == null ? 0 : base.valueId);
    PrefixTrie.Node<?> top = trie.shortRegion(high, 0, length);
    if (top == null) {
      return;
    }
    PrefixTrie.Node<?>[] stack = this.stack;
    int sp = 0;
    stack[sp++] = top;
    while (sp > 0) {
      PrefixTrie.Node<?> q = stack[--sp];
      if (q.value != null && q.length > length) {
        int from = (int) (q.high >>> (64 - directBits));
        Arrays.fill(dirBackground, from, from + (1 << (directBits - q.length)), q.valueId);
      }
      sp = pushChildren(stack, sp, q);
    }
  }

  private void updateDeep(long high, long low, int length) {
    int d = (int) (high >>> (64 - directBits));
    int e = dir[d];
    if (e < 0 || trie.directRoot(d) == null) {
      publishDir(d, buildEntry(d)); // a chunk's first prefix, or its last gone
      return;
    }
    // Walk down to the deepest node that holds the whole change. `start` is the first bit of the
    // node's slot in its parent, `offset` the first of its own six (later, when it skips).
    int depth = 0;
    int n = e;
    int start = directBits;
    pathNodes[0] = n;
    while (true) {
      int offset = skips ? start + STRIDE * ((int) words[n + 3] & SKIP) : start;
      if (offset > start && !follows(n, offset, high, low, length)) {
        rebuildFrom(d, n, high, low, start); // the change is in bits the node skips
        break;
      }
      int w = Math.min(STRIDE, width - offset);
      if (length <= offset + w) {
        updateSlots(d, n, high, low, length, offset); // only its slots change
        break;
      }
      int v = field(high, low, offset, w) << (STRIDE - w);
      long vector = words[n];
      if ((vector >>> v & 1) == 0) {
        rebuildFrom(d, n, high, low, start); // a new level below a leaf
        break;
      }
      int position = Long.bitCount(vector & ((1L << v) - 1));
      n = (int) words[n + 2] + nodeWords * position;
      start = offset + w;
      depth++;
      pathNodes[depth] = n;
      pathPositions[depth] = position;
    }
    // Copy each ancestor's block of children, with the one record replaced.
    for (int k = depth; k >= 1; k--) {
      int parent = pathNodes[k - 1];
      int oldBase = (int) words[parent + 2];
      int size = nodeWords * Long.bitCount(words[parent]);
      int newBase = allocateWords(size);
      System.arraycopy(words, oldBase, words, newBase, size);
      System.arraycopy(record, 0, words, newBase + nodeWords * pathPositions[k], nodeWords);
      garbageWords += size;
      System.arraycopy(words, parent, record, 0, nodeWords);
      record[2] = (words[parent + 2] & 0xFFFF_FFFF_0000_0000L) | (newBase & 0xFFFF_FFFFL);
    }
    int top = allocateWords(nodeWords);
    System.arraycopy(record, 0, words, top, nodeWords);
    garbageWords += nodeWords;
    publishDir(d, top);
  }

  /** Whether the prefix lies inside node n, which starts at {@code offset} after a skip. */
  private boolean follows(int n, int offset, long high, long low, int length) {
    long word = offset < 64 ? high : low;
    return length >= offset && ((word ^ words[n + 3]) & ~(-1L >>> (offset & 63))) == 0;
  }

  /**
   * Rebuilds node n's subtree from the trie, as the child of the slot that starts at {@code start}
   * on the key's path (it may start elsewhere now), and writes the new record to {@link #record}.
   */
  private void rebuildFrom(int d, int n, long high, long low, int start) {
    countGarbageBelow(n);
    long regionHigh = maskHigh(high, start);
    long regionLow = maskLow(low, start);
    buildNode(
        regionHigh, regionLow, start, background(d, regionHigh, regionLow, start), 0, record, 0);
  }

  /** The value id of the longest prefix of at most maxLength bits over the key, in chunk d. */
  private int background(int d, long high, long low, int maxLength) {
    PrefixTrie.Node<?> in = trie.longestMatchInDirect(d, high, low, maxLength);
    return in != null ? in.valueId : dirBackground[d];
  }

  /**
   * Rewrites node n (at {@code offset}) for a change to a prefix that ends within its bits: the
   * slots the prefix covers get the longest match above it, then every prefix inside it painted
   * over, the children under them are rebuilt, and every other slot, leaf run and child stays; so
   * do the node's check and fallback leaf. Writes the new record to {@link #record}. Cheaper than
   * rebuilding the node from the trie, which repaints the whole chunk.
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
    // Decode the leaves run by run: a run's value holds from its start to the next run's. The
    // internal slots in between get it too; no leaf is written for them, and the covered ones,
    // whose values their children start from, are repainted below.
    int run = oldBase0;
    for (long m = leafvec; m != 0; ) {
      int from = Long.numberOfTrailingZeros(m);
      m &= m - 1;
      Arrays.fill(slots, from, m == 0 ? 64 : Long.numberOfTrailingZeros(m), nodeLeaf(n, run++));
    }
    int from = field(high, low, offset, w) << shift;
    int to = from + ((1 << (offset + w - length)) << shift);
    Arrays.fill(slots, from, to, background(d, high, low, length));
    PrefixTrie.Node<?> inside = trie.region(high, low, length);
    if (inside != null) {
      paint(inside, offset, w, shift, slots);
    }
    long covered = to - from == 64 ? -1L : ((1L << (to - from)) - 1) << from;
    int base1 = oldBase1;
    if ((vector & covered) != 0) {
      long[] children = childRecords[0];
      int childCount = Long.bitCount(vector);
      System.arraycopy(words, oldBase1, children, 0, nodeWords * childCount);
      int end = offset + w;
      long regionHigh = maskHigh(high, offset);
      long regionLow = maskLow(low, offset);
      for (long m = vector & covered; m != 0; m &= m - 1) {
        int slot = Long.numberOfTrailingZeros(m);
        long j = slot >>> shift;
        long slotHigh = end <= 64 ? regionHigh | (j << (64 - end)) : regionHigh;
        long slotLow = end <= 64 ? regionLow : regionLow | (j << (128 - end));
        int position = Long.bitCount(vector & ((1L << slot) - 1));
        countGarbageBelow(oldBase1 + nodeWords * position);
        buildNode(slotHigh, slotLow, end, slots[slot], 1, children, nodeWords * position);
      }
      base1 = allocateWords(nodeWords * childCount);
      System.arraycopy(children, 0, words, base1, nodeWords * childCount);
      garbageWords += (long) nodeWords * childCount;
    }
    garbageWords += leafWordsOf(n);
    long check = skips ? words[n + 3] : 0;
    int fallback = skips ? nodeLeaf(n, oldBase0 - 1) : 0;
    writeRecord(vector, slots, base1, check, fallback, record, 0);
  }

  /** The words node n's leaves take outside it, as {@link #leafWords}. */
  private int leafWordsOf(int n) {
    return skips && (int) (words[n + 2] >>> 32) < INLINE_LEAVES
        ? 0
        : leafWords(Long.bitCount(words[n + 1]));
  }

  /** Leaf i of node n, in the words (as the lookups read it). */
  private int nodeLeaf(int n, int i) {
    return skips ? leaf6(words, narrow, n, i) : leafOf(words, narrow, i);
  }

  /** The words a node's leaves take, its fallback leaf included, when not shared. */
  private int leafWords(int runs) {
    int perWord = narrow ? 4 : 2;
    return (runs + (skips ? 1 : 0) + perWord - 1) / perWord;
  }

  /** The entry for direct index d: a leaf when nothing in its region is longer than it. */
  private int buildEntry(int d) {
    long high = ((long) d) << (64 - directBits);
    int background = dirBackground[d];
    int old = dir[d];
    if (old >= 0) {
      countGarbageBelow(old);
      garbageWords += nodeWords;
    }
    if (trie.directRoot(d) == null) {
      return LEAF | background;
    }
    buildNode(high, 0, directBits, background, 0, record, 0);
    int n = allocateWords(nodeWords);
    System.arraycopy(record, 0, words, n, nodeWords);
    return n;
  }

  /**
   * Builds the node for the slot region (key, start) from the trie, appending its descendants and
   * leaves, and writes its words to {@code out} at {@code at}. With skips the node starts at the
   * level of the topmost prefix (or branch) in the region, at most at the last level of the word
   * the region starts in.
   *
   * @param background the value id of the longest prefix no longer than {@code start} that holds
   *     the region
   */
  private void buildNode(
      long high, long low, int start, int background, int depth, long[] out, int at) {
    PrefixTrie.Node<?> top = trie.region(high, low, start);
    int offset = start;
    int inner = background;
    long keyHigh = high;
    long keyLow = low;
    if (skips && top != null) {
      offset = start + (top.length - start) / STRIDE * STRIDE;
      if (start < 64 && offset > LAST_HIGH_LEVEL) {
        offset = LAST_HIGH_LEVEL;
      }
      if (offset > start) {
        keyHigh = maskHigh(top.high, offset);
        keyLow = maskLow(top.low, offset);
        if (top.length == offset && top.value != null) {
          inner = top.valueId; // it holds the whole node
        }
      }
    }
    int w = Math.min(STRIDE, width - offset);
    int shift = STRIDE - w;
    int[] slots = slotValues[depth];
    Arrays.fill(slots, inner);
    long internal = 0;
    if (top != null) {
      internal = paint(top, offset, w, shift, slots);
    }
    long[] children = childRecords[depth];
    int count = 0;
    int end = offset + w;
    for (long m = internal; m != 0; m &= m - 1) {
      int slot = Long.numberOfTrailingZeros(m);
      long field = slot >>> shift;
      long childHigh = end <= 64 ? keyHigh | (field << (64 - end)) : keyHigh;
      long childLow = end <= 64 ? keyLow : keyLow | (field << (128 - end));
      buildNode(childHigh, childLow, end, slots[slot], depth + 1, children, nodeWords * count);
      count++;
    }
    int base1 = 0;
    if (count > 0) {
      base1 = allocateWords(nodeWords * count);
      System.arraycopy(children, 0, words, base1, nodeWords * count);
    }
    long check = 0;
    if (skips) {
      check = (offset < 64 ? keyHigh : keyLow) | (offset - start) / STRIDE;
    }
    writeRecord(internal, slots, base1, check, background, out, at);
  }

  /**
   * Appends a node's leaves, one per run of equal values among its leaf slots (after its fallback
   * leaf, with skips), and writes its words to {@code out} at {@code at}.
   *
   * @param internal the slots that lead to children
   * @param slots each slot's value id (internal slots ignored, and overwritten)
   * @param base1 the word of its first child
   * @param check its check word (with skips)
   * @param fallback the value of a key that leaves it in skipped bits (with skips)
   */
  private void writeRecord(
      long internal, int[] slots, int base1, long check, int fallback, long[] out, int at) {
    // A leaf slot starts a run when its value differs from the last leaf slot's. Each internal
    // slot first takes the value of the slot before it (-1 for slot 0, which no id equals), so
    // that this compares each slot with the one just before: no chain through all 64 slots, as a
    // running "last leaf value" made (only across adjacent internal slots, in the first loop),
    // and no branch, which run boundaries would mispredict. Overwrites slots: callers
    // read it no more.
    for (long m = internal; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      slots[i] = i == 0 ? -1 : slots[i - 1];
    }
    long leafvec = 1;
    for (int i = 1; i < 64; i++) {
      int differs = slots[i] ^ slots[i - 1];
      leafvec |= (long) ((differs | -differs) >>> 31) << i;
    }
    leafvec &= ~internal;
    int runs = Long.bitCount(leafvec);
    int base0;
    long inline = 0;
    if (skips && narrow && runs < INLINE_LEAVES) {
      // The fallback and the runs fit in the node's own fifth word: leaf numbers 0 to 3.
      base0 = 1;
      inline = fallback;
      int shift = 16;
      for (long m = leafvec; m != 0; m &= m - 1) {
        inline |= (long) slots[Long.numberOfTrailingZeros(m)] << shift;
        shift += 16;
      }
    } else {
      int extra = skips ? 1 : 0;
      base0 = allocateLeaves(runs + extra) + extra;
      if (skips) {
        setLeaf(base0 - 1, fallback);
      }
      int next = base0;
      for (long m = leafvec; m != 0; m &= m - 1) {
        setLeaf(next++, slots[Long.numberOfTrailingZeros(m)]);
      }
    }
    out[at] = internal;
    out[at + 1] = leafvec;
    out[at + 2] = ((long) base0 << 32) | (base1 & 0xFFFF_FFFFL);
    if (skips) {
      out[at + 3] = check;
      out[at + 4] = inline;
    }
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
      sp = pushChildren(stack, sp, q);
    }
    return internal;
  }

  /**
   * Pushes a trie node's children on a walk stack, the left one on top (so that the walk is in
   * order), and returns the new stack size. A stack of {@code 2 * (width + 2)} nodes holds any
   * walk.
   */
  static int pushChildren(PrefixTrie.Node<?>[] stack, int sp, PrefixTrie.Node<?> q) {
    PrefixTrie.Node<?> r = q.right;
    PrefixTrie.Node<?> l = q.left;
    int top = sp;
    if (r != null) {
      stack[top++] = r;
    }
    if (l != null) {
      stack[top++] = l;
    }
    return top;
  }

  private void countGarbageBelow(int n) {
    garbageWords += leafWordsOf(n);
    int base1 = (int) words[n + 2];
    int children = Long.bitCount(words[n]);
    garbageWords += (long) nodeWords * children;
    for (int i = 0; i < children; i++) {
      countGarbageBelow(base1 + nodeWords * i);
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
    startWords();
    dir = dir.clone();
    for (int d = 0; d < dir.length; d++) {
      int e = dir[d];
      if (e >= 0) {
        int n = allocateWords(nodeWords);
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
   * Copies the old node at {@code from} into the node at {@code to}: its leaves at the end of the
   * words, right after it when it was just allocated, then its subtree.
   */
  private void relocate(long[] old, int from, int to) {
    relocateLeaves(old, from, to);
    relocateChildren(old, from, to);
  }

  /**
   * Copies the old node at {@code from} and its leaves into the node at {@code to}, appending the
   * leaves, and leaves its children for {@link #relocateChildren}.
   */
  private void relocateLeaves(long[] old, int from, int to) {
    if (skips && (int) (old[from + 2] >>> 32) < INLINE_LEAVES) {
      System.arraycopy(old, from, words, to, NODE6); // its leaves come with it
      words[to + 2] &= 0xFFFF_FFFF_0000_0000L;
      return;
    }
    int extra = skips ? 1 : 0;
    int leaves = Long.bitCount(old[from + 1]) + extra;
    int base0 = allocateLeaves(leaves) + extra;
    int oldFirst = (int) (old[from + 2] >>> 32) - extra;
    for (int i = 0; i < leaves; i++) {
      setLeaf(base0 - extra + i, leafOf(old, narrow, oldFirst + i));
    }
    words[to] = old[from];
    words[to + 1] = old[from + 1];
    words[to + 2] = (long) base0 << 32;
    if (skips) {
      words[to + 3] = old[from + 3];
      words[to + 4] = 0;
    }
  }

  /**
   * Copies the subtree under the old node at {@code from} for its copy at {@code to}: the block of
   * its children, then all their leaves right after the block, then each child's subtree. A lookup
   * mostly ends in a node of a small block, whose leaves are then on the node's cache line or the
   * next, rather than after the subtrees of its elder siblings: its last read is no miss of its
   * own.
   */
  private void relocateChildren(long[] old, int from, int to) {
    int children = Long.bitCount(old[from]);
    if (children == 0) {
      return;
    }
    int oldBase1 = (int) old[from + 2];
    int base1 = allocateWords(nodeWords * children);
    words[to + 2] |= base1 & 0xFFFF_FFFFL;
    for (int i = 0; i < children; i++) {
      relocateLeaves(old, oldBase1 + nodeWords * i, base1 + nodeWords * i);
    }
    for (int i = 0; i < children; i++) {
      relocateChildren(old, oldBase1 + nodeWords * i, base1 + nodeWords * i);
    }
  }

  /**
   * Rebuilds everything from the trie into fresh arrays, renumbering the values densely, with
   * 16-bit leaves when the values leave room to grow in them; publishes it all at once. Readers go
   * on with the old arrays meanwhile.
   */
  void rebuild() {
    renumberings++;
    long live = wordCount - garbageWords;
    interned = new IdentityHashMap<>();
    values = new Object[Math.max(64, values.length)];
    valueCount = 1;
    deadValues = 0;
    trie.forEach(n -> n.valueId = acquireForRebuild(n.value));
    values = Arrays.copyOf(values, Math.max(64, valueCount + valueCount / 4));
    // Hysteresis, so that a count near the limit does not flip the width at every rebuild.
    narrow = narrow ? valueCount < MAX_NARROW_ID * 3 / 4 : valueCount < MAX_NARROW_ID / 2;
    words = new long[capacityFor(live * (narrow ? 1 : 2))];
    startWords();
    dir = new int[1 << directBits];
    Arrays.fill(dir, LEAF); // buildEntry reads the old entry, of which there is none now
    paintBackgrounds(0, 0);
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

  /**
   * How many times the value ids were renumbered ({@link #rebuild}): an id read before a change of
   * this count may mean another value after it. Writer only.
   */
  int renumberings() {
    return renumberings;
  }

  /** The values by id, as the next published snapshot holds them. Writer only. */
  @Nullable Object[] values() {
    return values;
  }

  /**
   * The value id of direct index d's region from the prefixes no longer than the direct array's
   * bits (0: none). Writer only, after {@link #update}.
   */
  int directBackground(int d) {
    return dirBackground[d];
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
