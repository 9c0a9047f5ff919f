package dev.gingham.internal.route;

import dev.gingham.route.PrefixMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The IPv6 lookup structure in front of the IPv6 {@link Poptrie}: DXR-style (Zec, Rizzo and Mikuc,
 * 2012) range search per /16 chunk. A lookup reads a direct entry and then at most two cache lines
 * for almost every chunk, with a fixed number of independent compares per line, where the Poptrie
 * walks about three nodes of some twenty dependent cycles each.
 *
 * <h2>Ranges</h2>
 *
 * Under one direct entry (the first 16 bits of the address) the next 48 bits, up to bit 64, are cut
 * into ranges, each with the value id of the longest prefix that covers it (the Poptrie's ids). A
 * /64 that holds a prefix longer than /64 is a range of its own marked {@link #FALLBACK}: a lookup
 * that ends there asks the Poptrie, which resolves all 128 bits. So do ids that do not fit the 16
 * bits a range has (past 65,534 distinct values). A chunk with one range is a leaf direct entry. A
 * chunk of more than {@link #MAX_PREFIXES} prefixes is not cut into ranges at all: its direct entry
 * points at line 0, one range marked {@link #FALLBACK}, so the Poptrie answers for all of it
 * (rebuilding a chunk is linear in its prefixes, and the Poptrie updates a dense chunk in place).
 *
 * <h2>Layout</h2>
 *
 * A chunk's ranges are a B+-tree of 64-byte lines of eight 64-bit words, written contiguously in
 * {@code lines}. A leaf line holds eight ranges, each {@code start << 16 | id} (the start is 48
 * bits); the last leaf is padded with copies of the chunk's last range. An index line holds, for
 * its children 1 to 8, the first start under each, padded with 2^48, which no key reaches. A lookup
 * counts the starts at most its key (eight subtractions that do not depend on one another, no
 * branch) and the count is the child to go to, or for a leaf one past the range. Index levels are
 * stored level by level, each padded to 9^k lines, so that the child {@code c} of the node at
 * position {@code p} of a level is at position {@code 9p + c} of the next, whose first line is
 * {@code (9^(k+1) - 1) / 8}: no pointers, and a chunk of up to 72 ranges (one index line over up to
 * nine leaves) is two lines. The direct entry holds the chunk's first line and how many index
 * levels it has.
 *
 * <pre>
 *   direct entry: 1 | value id                      (a leaf: the whole chunk has one answer)
 *                 0 | first line (28 bits) | levels (3 bits)
 * </pre>
 *
 * Lines are numbered from word {@link #LINE0}: a large array lies at the start of a G1 region (a
 * humongous object), with 16 bytes of header, so line k then starts on a cache-line boundary. This
 * is for speed only.
 *
 * <h2>Updates</h2>
 *
 * A change to a prefix longer than /16 rebuilds its chunk's ranges from the trie (a chunk holds a
 * few dozen prefixes), appends its lines, and publishes them with one release write of the direct
 * entry; a change to a shorter prefix rebuilds the chunks whose background (the Poptrie's value of
 * the prefixes no longer than /16 over it) changed. Nothing a reader can reach is ever written:
 * replaced lines stay as garbage until a compaction copies the live ones into fresh arrays, which
 * are published with one volatile write with the direct array and the values. When the Poptrie
 * renumbers its value ids, everything is rebuilt into fresh arrays and published the same way.
 *
 * <p><b>Thread-safety.</b> {@link #lookup}, {@link #lookups} and {@link #lookupIds} are lock-free
 * and allocation-free and may run on any thread at any time. Every other method is the writer's,
 * called after the Poptrie has been brought in step with the trie; the caller serialises them.
 */
final class RangeFib {
  /** The bits the direct array resolves. */
  static final int DIRECT = Poptrie.DIRECT6;

  /** The id of a range that the Poptrie answers. */
  static final int FALLBACK = 0xFFFF;

  /** The first word of line 0; see the class comment. */
  static final int LINE0 = 6;

  /**
   * The most prefixes (longer than /16) a chunk is cut into ranges for: at most 513 ranges, two
   * index levels, so that an update rebuilds at most a few hundred ranges.
   */
  static final int MAX_PREFIXES = 256;

  /** The direct entry of a chunk the Poptrie answers: line 0, no index level. */
  private static final int ASK_POPTRIE = 0;

  private static final int LEAF = 0x8000_0000;
  private static final int LINE = 8;
  private static final int FANOUT = LINE + 1;
  private static final long MASK48 = (1L << 48) - 1;
  private static final long PAD = 1L << 48;
  private static final int LEVEL_BITS = 3;
  private static final int MAX_LEVELS = (1 << LEVEL_BITS) - 1;

  /** Lines are limited so that a word index stays an int. */
  private static final int MAX_LINES = 1 << 25;

  private static final VarHandle DIR = MethodHandles.arrayElementVarHandle(int[].class);

  /** What a reader sees: arrays that never change except by release writes to {@code dir}. */
  private static final class Snapshot {
    final int[] dir;
    final long[] lines;
    final @Nullable Object[] values;

    /**
     * The Poptrie's renumberings its ids were built in: they mean the same in every Poptrie
     * snapshot of that count published at or after it.
     */
    final int generation;

    Snapshot(int[] dir, long[] lines, @Nullable Object[] values, int generation) {
      this.dir = dir;
      this.lines = lines;
      this.values = values;
      this.generation = generation;
    }
  }

  private final PrefixTrie<?> trie;
  private final Poptrie fib;
  private final int minGarbage;
  private volatile Snapshot snapshot;

  // The writer's state. The arrays are the snapshot's until they are replaced (grown, or values
  // that moved); then the direct array is copied and the whole is published at the end.
  private int[] dir;
  private long[] lines;
  private @Nullable Object[] values;
  private boolean replaced;
  private int lineCount;
  private long garbageLines;
  private int renumberings;
  // Per chunk: its lines (0 for line 0, which is shared), the background its ranges were built
  // on, and its prefixes.
  private final int[] chunkLines = new int[1 << DIRECT];
  private final int[] chunkPrefixes = new int[1 << DIRECT];
  private final int[] chunkBackground = new int[1 << DIRECT];
  // Scratch for one chunk's build: its ranges, and the walk's stacks.
  private long[] starts = new long[64];
  private int[] ids = new int[64];
  private final long[] openEnds = new long[2 * 64 + 2];
  private final int[] openIds = new int[2 * 64 + 2];
  private final PrefixTrie.Node<?>[] stack = new PrefixTrie.Node<?>[2 * (128 + 2)];

  /**
   * The ranges of the IPv6 prefixes in the trie, over the Poptrie that holds the same prefixes.
   *
   * @param trie the IPv6 prefixes
   * @param fib their Poptrie, kept in step with the trie, whose value ids and backgrounds are used
   * @param minGarbage how many garbage words to tolerate before compacting, however few are live
   */
  RangeFib(PrefixTrie<?> trie, Poptrie fib, int minGarbage) {
    this.trie = trie;
    this.fib = fib;
    this.minGarbage = minGarbage;
    // Until the first build, below.
    this.snapshot = new Snapshot(new int[0], new long[0], fib.values(), fib.renumberings());
    rebuild();
  }

  // ---------------------------------------------------------------- lookups (any thread)

  /** The value of the longest IPv6 prefix containing the address, or null. */
  @Nullable Object lookup(long high, long low) {
    Snapshot s = snapshot;
    int id = rangeId(s, high);
    return id == FALLBACK ? fib.lookup6(high, low) : s.values[id];
  }

  /** The id of the range that holds the address, or of its leaf direct entry. */
  private static int rangeId(Snapshot s, long high) {
    int e = (int) DIR.getAcquire(s.dir, (int) (high >>> (64 - DIRECT)));
    if (e < 0) {
      return e & ~LEAF;
    }
    long key = high & MASK48;
    return leafId(s.lines, leafLine(s.lines, e, key), key);
  }

  /**
   * The first word of the leaf line whose ranges hold the key (bits 16 to 63 of the address), from
   * the chunk of direct entry e.
   */
  private static int leafLine(long[] w, int e, long key) {
    int chunk = LINE0 + LINE * (e >>> LEVEL_BITS);
    int levels = e & MAX_LEVELS;
    if (levels == 1) {
      return chunk + LINE * (1 + below(w, chunk, key)); // the common case, without a loop
    }
    int position = 0;
    int level = 0;
    for (int k = 0; k < levels; k++) {
      position = FANOUT * position + below(w, chunk + LINE * (level + position), key);
      level = FANOUT * level + 1;
    }
    return chunk + LINE * (level + position);
  }

  /**
   * How many keys of the index line at {@code at} are at most the key: the sign of each difference
   * (48-bit numbers, so no difference overflows), added up; no compare the compiler could turn into
   * a branch, which would mispredict on every other key.
   */
  private static int below(long[] w, int at, long key) {
    return LINE
        - (int)
            (((key - w[at]) >>> 63)
                + ((key - w[at + 1]) >>> 63)
                + ((key - w[at + 2]) >>> 63)
                + ((key - w[at + 3]) >>> 63)
                + ((key - w[at + 4]) >>> 63)
                + ((key - w[at + 5]) >>> 63)
                + ((key - w[at + 6]) >>> 63)
                + ((key - w[at + 7]) >>> 63));
  }

  /** The id of the range of the leaf line at {@code at} that holds the key; see {@link #below}. */
  private static int leafId(long[] w, int at, long key) {
    int above =
        (int)
            (((key - (w[at] >>> 16)) >>> 63)
                + ((key - (w[at + 1] >>> 16)) >>> 63)
                + ((key - (w[at + 2] >>> 16)) >>> 63)
                + ((key - (w[at + 3] >>> 16)) >>> 63)
                + ((key - (w[at + 4] >>> 16)) >>> 63)
                + ((key - (w[at + 5] >>> 16)) >>> 63)
                + ((key - (w[at + 6] >>> 16)) >>> 63)
                + ((key - (w[at + 7] >>> 16)) >>> 63));
    return (int) w[at + LINE - 1 - above] & 0xFFFF;
  }

  /**
   * Looks up {@code count} addresses into {@code out}, four at a time in lock step; see {@link
   * #four}. Allocation-free.
   */
  void lookups(long[] highs, long[] lows, int count, @Nullable Object[] out) {
    Objects.checkFromIndexSize(0, count, highs.length);
    Objects.checkFromIndexSize(0, count, lows.length);
    Objects.checkFromIndexSize(0, count, out.length);
    lookups(snapshot, fib.snapshot(), highs, lows, count, null, out);
  }

  /**
   * Looks up the value ids of {@code count} addresses into {@code ids} and returns what they stand
   * for: the Poptrie's numbering, read after the ranges. Its ids mean what the ranges' do while
   * both are of one renumbering (then its values array is the ranges' or a copy grown since); when
   * the Poptrie has renumbered and the ranges are not yet rebuilt, the Poptrie alone answers the
   * batch. Allocation-free.
   */
  PrefixMap.ValueIds<Object> lookupIds(long[] highs, long[] lows, int count, int[] ids) {
    Objects.checkFromIndexSize(0, count, highs.length);
    Objects.checkFromIndexSize(0, count, lows.length);
    Objects.checkFromIndexSize(0, count, ids.length);
    // The ranges before the Poptrie: the writer publishes the Poptrie first (FamilyTable.update),
    // so p is at least as new as s and of one generation holds every id s can answer.
    Snapshot s = snapshot;
    Poptrie.Snapshot p = fib.snapshot();
    if (p.generation != s.generation) {
      for (int i = 0; i < count; i++) {
        ids[i] = Poptrie.id6(p, highs[i], lows[i]);
      }
    } else {
      lookups(s, p, highs, lows, count, ids, null);
    }
    return p.numbering;
  }

  /** The batch of both forms: ids into {@code ids}, or if that is null values into {@code out}. */
  private static void lookups(
      Snapshot s,
      Poptrie.Snapshot p,
      long[] highs,
      long[] lows,
      int count,
      int @Nullable [] ids,
      @Nullable Object @Nullable [] out) {
    int i = 0;
    for (; i + 4 <= count; i += 4) {
      four(s, p, highs, lows, i, ids, out);
    }
    for (; i < count; i++) {
      store(s, p, highs[i], lows[i], rangeId(s, highs[i]), i, ids, out);
    }
  }

  /**
   * Four lookups in lock step: each level's reads of the four do not depend on one another, so
   * their cache misses overlap. A lookup in a chunk with fewer index levels than another of its
   * group reads its leaf line again in the extra steps and keeps its place (a select, not a
   * branch); a leaf direct entry walks line 0.
   */
  private static void four(
      Snapshot s,
      Poptrie.Snapshot p,
      long[] hi,
      long[] lo,
      int at,
      int @Nullable [] ids,
      @Nullable Object @Nullable [] out) {
    int[] dir = s.dir;
    long[] w = s.lines;
    long h0 = hi[at];
    long h1 = hi[at + 1];
    long h2 = hi[at + 2];
    long h3 = hi[at + 3];
    int e0 = (int) DIR.getAcquire(dir, (int) (h0 >>> (64 - DIRECT)));
    int e1 = (int) DIR.getAcquire(dir, (int) (h1 >>> (64 - DIRECT)));
    int e2 = (int) DIR.getAcquire(dir, (int) (h2 >>> (64 - DIRECT)));
    int e3 = (int) DIR.getAcquire(dir, (int) (h3 >>> (64 - DIRECT)));
    long k0 = h0 & MASK48;
    long k1 = h1 & MASK48;
    long k2 = h2 & MASK48;
    long k3 = h3 & MASK48;
    // A leaf entry (negative) walks line 0 with no index level.
    int c0 = LINE0 + LINE * ((e0 & ~(e0 >> 31)) >>> LEVEL_BITS);
    int c1 = LINE0 + LINE * ((e1 & ~(e1 >> 31)) >>> LEVEL_BITS);
    int c2 = LINE0 + LINE * ((e2 & ~(e2 >> 31)) >>> LEVEL_BITS);
    int c3 = LINE0 + LINE * ((e3 & ~(e3 >> 31)) >>> LEVEL_BITS);
    int v0 = e0 < 0 ? 0 : e0 & MAX_LEVELS;
    int v1 = e1 < 0 ? 0 : e1 & MAX_LEVELS;
    int v2 = e2 < 0 ? 0 : e2 & MAX_LEVELS;
    int v3 = e3 < 0 ? 0 : e3 & MAX_LEVELS;
    // The line each lookup reads next: its position in its level, plus the level's first line.
    int p0 = 0;
    int p1 = 0;
    int p2 = 0;
    int p3 = 0;
    int levels = Math.max(Math.max(v0, v1), Math.max(v2, v3));
    for (int k = 0, level = 0; k < levels; k++) {
      int next = FANOUT * level + 1;
      int n0 = next + FANOUT * (p0 - level) + below(w, c0 + LINE * p0, k0);
      int n1 = next + FANOUT * (p1 - level) + below(w, c1 + LINE * p1, k1);
      int n2 = next + FANOUT * (p2 - level) + below(w, c2 + LINE * p2, k2);
      int n3 = next + FANOUT * (p3 - level) + below(w, c3 + LINE * p3, k3);
      p0 = k < v0 ? n0 : p0;
      p1 = k < v1 ? n1 : p1;
      p2 = k < v2 ? n2 : p2;
      p3 = k < v3 ? n3 : p3;
      level = next;
    }
    c0 += LINE * p0;
    c1 += LINE * p1;
    c2 += LINE * p2;
    c3 += LINE * p3;
    int i0 = e0 < 0 ? e0 & ~LEAF : leafId(w, c0, k0);
    int i1 = e1 < 0 ? e1 & ~LEAF : leafId(w, c1, k1);
    int i2 = e2 < 0 ? e2 & ~LEAF : leafId(w, c2, k2);
    int i3 = e3 < 0 ? e3 & ~LEAF : leafId(w, c3, k3);
    store(s, p, h0, lo[at], i0, at, ids, out);
    store(s, p, h1, lo[at + 1], i1, at + 1, ids, out);
    store(s, p, h2, lo[at + 2], i2, at + 2, ids, out);
    store(s, p, h3, lo[at + 3], i3, at + 3, ids, out);
  }

  /**
   * Stores the answer of lookup {@code i}, whose range id is {@code id}: a {@link #FALLBACK} asks
   * the Poptrie (a leaf entry's id that happens to be FALLBACK too: the same answer).
   */
  private static void store(
      Snapshot s,
      Poptrie.Snapshot p,
      long high,
      long low,
      int id,
      int i,
      int @Nullable [] ids,
      @Nullable Object @Nullable [] out) {
    if (ids != null) {
      ids[i] = id == FALLBACK ? Poptrie.id6(p, high, low) : id;
    } else {
      out[i] = id == FALLBACK ? p.values[Poptrie.id6(p, high, low)] : s.values[id];
    }
  }

  // ---------------------------------------------------------------- updates (writer)

  /**
   * Brings the ranges in step after the prefix (high, length) changed in the trie and the Poptrie.
   *
   * @param added 1 when the prefix was added, -1 when it was removed, 0 when its value changed
   */
  void update(long high, int length, int added) {
    if (fib.renumberings() != renumberings) {
      rebuild(); // every id changed: the chunks are all rebuilt, the prefix's with them
      return;
    }
    if (fib.values() != values) {
      values = fib.values(); // new ids live only in the new array
      replaced = true;
    }
    if (length > DIRECT) {
      int d = (int) (high >>> (64 - DIRECT));
      chunkPrefixes[d] += added;
      buildChunk(d);
    } else {
      int first = (int) (high >>> (64 - DIRECT));
      for (int d = first; d < first + (1 << (DIRECT - length)); d++) {
        if (fib.directBackground(d) != chunkBackground[d]) {
          buildChunk(d);
        }
      }
    }
    finish();
  }

  /** Rebuilds every chunk into fresh arrays, and publishes them at once. */
  void rebuild() {
    renumberings = fib.renumberings();
    values = fib.values();
    dir = new int[1 << DIRECT];
    Arrays.fill(dir, LEAF);
    lines = new long[LINE0 + LINE * 64];
    lineCount = 0;
    startLines();
    garbageLines = 0;
    Arrays.fill(chunkLines, 0);
    replaced = true;
    for (int d = 0; d < dir.length; d++) {
      chunkPrefixes[d] = count(trie.directRoot(d));
      buildChunk(d);
    }
    garbageLines = 0;
    publish();
  }

  /** Empties it, as the trie and the Poptrie were emptied. */
  void clear() {
    rebuild();
  }

  /** Starts the lines with line 0, which sends every key to the Poptrie. */
  private void startLines() {
    int at = LINE0 + LINE * allocate(1);
    Arrays.fill(lines, at, at + LINE, FALLBACK);
  }

  /** How many valued nodes the trie under {@code root} holds. */
  private int count(PrefixTrie.@Nullable Node<?> root) {
    int count = 0;
    int sp = 0;
    if (root != null) {
      stack[sp++] = root;
    }
    while (sp > 0) {
      PrefixTrie.Node<?> n = stack[--sp];
      if (n.value != null) {
        count++;
      }
      sp = Poptrie.pushChildren(stack, sp, n);
    }
    return count;
  }

  /** Builds chunk d's ranges from the trie and publishes its direct entry. */
  private void buildChunk(int d) {
    int background = fib.directBackground(d);
    chunkBackground[d] = background;
    garbageLines += chunkLines[d];
    chunkLines[d] = 0;
    if (chunkPrefixes[d] > MAX_PREFIXES) {
      publishDir(d, ASK_POPTRIE);
      return;
    }
    int count = ranges(trie.directRoot(d), background);
    if (count == 1) {
      chunkLines[d] = 0;
      publishDir(d, LEAF | ids[0]);
      return;
    }
    int levels = 0;
    long capacity = LINE;
    while (capacity < count) {
      levels++;
      capacity *= FANOUT;
    }
    if (levels > MAX_LEVELS) {
      throw new IllegalStateException("a /16 holds more than " + capacity + " ranges: " + count);
    }
    int leaves = (count + LINE - 1) / LINE;
    int first = levelStart(levels);
    int size = first + leaves;
    int line = allocate(size);
    int base = LINE0 + LINE * line;
    // Index levels: the node at position p of level k holds the first start under its children
    // 1 to 8, whose first leaves are (FANOUT p + c) FANOUT^(levels - k - 1).
    long leavesPerChild = 1;
    for (int k = levels - 1; k >= 0; k--) {
      int nodes = (int) ceilDiv(leaves, leavesPerChild * FANOUT);
      for (int p = 0; p < nodes; p++) {
        int at = base + LINE * (levelStart(k) + p);
        for (int j = 0; j < LINE; j++) {
          long leaf = (FANOUT * (long) p + j + 1) * leavesPerChild;
          lines[at + j] = leaf < leaves ? starts[(int) leaf * LINE] : PAD;
        }
      }
      leavesPerChild *= FANOUT;
    }
    for (int r = 0; r < leaves * LINE; r++) {
      int i = Math.min(r, count - 1);
      int id = ids[i] < 0 || ids[i] >= FALLBACK ? FALLBACK : ids[i];
      lines[base + LINE * first + r] = (starts[i] << 16) | id;
    }
    chunkLines[d] = size;
    publishDir(d, (line << LEVEL_BITS) | levels);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** The first line of index level k (and of the leaves, below k levels): (9^k - 1) / 8. */
  private static int levelStart(int k) {
    int s = 0;
    for (int i = 0; i < k; i++) {
      s = FANOUT * s + 1;
    }
    return s;
  }

  /**
   * Cuts the chunk under {@code root} into ranges of bits 16 to 63, into {@link #starts} and {@link
   * #ids}, adjacent ranges with the same id merged; a /64 with longer prefixes inside gets id -1.
   * One walk of the trie in order (a prefix before those inside it), with the prefixes still open
   * on a stack.
   *
   * @return how many ranges
   */
  private int ranges(PrefixTrie.@Nullable Node<?> root, int background) {
    int count = 0;
    long at = 0; // the first bit not emitted yet
    int open = 0;
    openEnds[open] = MASK48;
    openIds[open++] = background;
    int sp = 0;
    if (root != null) {
      stack[sp++] = root;
    }
    while (sp > 0) {
      PrefixTrie.Node<?> n = stack[--sp];
      sp = Poptrie.pushChildren(stack, sp, n);
      if (n.value == null) {
        continue;
      }
      long start = n.high & MASK48;
      long end;
      int id;
      if (n.length > 64) {
        end = start;
        id = -1;
        if (openIds[open - 1] == -1 && openEnds[open - 1] == end) {
          continue; // this /64 already falls back
        }
      } else {
        end = start | (MASK48 >>> (n.length - DIRECT));
        id = n.valueId;
      }
      while (openEnds[open - 1] < start) { // close what ends before this prefix
        if (at <= openEnds[open - 1]) {
          count = emit(count, at, openIds[open - 1]);
          at = openEnds[open - 1] + 1;
        }
        open--;
      }
      if (at < start) {
        count = emit(count, at, openIds[open - 1]);
        at = start;
      }
      openEnds[open] = end;
      openIds[open++] = id;
    }
    while (open > 0) {
      if (at <= openEnds[open - 1]) {
        count = emit(count, at, openIds[open - 1]);
        at = openEnds[open - 1] + 1;
      }
      open--;
    }
    return count;
  }

  private int emit(int count, long start, int id) {
    if (count > 0 && ids[count - 1] == id) {
      return count;
    }
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ids = Arrays.copyOf(ids, count * 2);
    }
    starts[count] = start;
    ids[count] = id;
    return count + 1;
  }

  private int allocate(int count) {
    if (lineCount + count > MAX_LINES) {
      throw new IllegalStateException("the IPv6 ranges would exceed " + MAX_LINES + " lines");
    }
    int words = LINE0 + LINE * (lineCount + count);
    if (words > lines.length) {
      lines = Arrays.copyOf(lines, Math.max(lines.length * 2, words));
      replaced = true;
    }
    int at = lineCount;
    lineCount += count;
    return at;
  }

  private void publishDir(int d, int entry) {
    if (replaced) {
      if (dir == snapshot.dir) {
        dir = dir.clone(); // readers of the old snapshot must not see entries into new arrays
      }
      dir[d] = entry;
    } else {
      // Release: whoever reads the entry sees the lines written before it.
      DIR.setRelease(dir, d, entry);
    }
  }

  private void finish() {
    if (replaced) {
      publish();
    }
    if (garbageLines > Math.max(lineCount - garbageLines, minGarbage / LINE)) {
      compact();
    }
  }

  private void publish() {
    snapshot = new Snapshot(dir, lines, values, renumberings);
    replaced = false;
  }

  /** Copies the live chunks into fresh arrays sized for them, and publishes them at once. */
  void compact() {
    long[] old = lines;
    int live = (int) (lineCount - garbageLines);
    lines = new long[LINE0 + LINE * (live + live / 4 + 64)];
    dir = dir.clone();
    lineCount = 0;
    startLines();
    for (int d = 0; d < dir.length; d++) {
      int e = dir[d];
      if (e > ASK_POPTRIE) {
        int line = allocate(chunkLines[d]);
        System.arraycopy(
            old,
            LINE0 + LINE * (e >>> LEVEL_BITS),
            lines,
            LINE0 + LINE * line,
            LINE * chunkLines[d]);
        dir[d] = (line << LEVEL_BITS) | (e & MAX_LEVELS);
      }
    }
    garbageLines = 0;
    publish();
  }

  /**
   * Whether chunk d (direct index d) has ranges of its own or one value, rather than sending every
   * lookup to the Poptrie. For tests.
   */
  boolean answers(int d) {
    return snapshot.dir[d] != ASK_POPTRIE;
  }

  /** The live bytes: direct array and lines. Writer only. */
  long liveBytes() {
    return 4L * dir.length + 8L * LINE * (lineCount - garbageLines);
  }
}
