package dev.gingham.internal.route;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The prefixes of one family: the trie that holds them and the Poptrie that answers lookups, and
 * for IPv6 the {@link RangeFib} in front of it, kept in step. Writes are the caller's to serialise;
 * reads are lock-free.
 *
 * @param <V> the type of the values
 */
final class FamilyTable<V> {
  private final IpFamily family;
  private final PrefixTrie<V> trie;
  private final Poptrie fib;
  // IPv6 only: what answers lookups, asking the Poptrie for what it does not hold.
  private final @Nullable RangeFib ranges;
  private volatile int size;

  // The writer's room for one window of a batch: this family's prefixes in it, and their paths.
  private final long[] batchHighs = new long[WINDOW];
  private final long[] batchLows = new long[WINDOW];
  private final int[] batchLengths = new int[WINDOW];
  private final PrefixTrie.@Nullable Node<?>[] batchPath = new PrefixTrie.Node<?>[WINDOW];
  // What the writer's reads ahead saw, kept so that they are not optimised away; no reader reads
  // this object on the lookup path, so the writer's stores here cost the readers nothing.
  private long readAhead;

  /**
   * How many prefixes of a batch have their memory read ahead together: enough for their cache
   * misses to overlap, few enough for what they bring in to stay in the cache until it is used.
   */
  static final int WINDOW = 64;

  FamilyTable(IpFamily family, int minGarbage) {
    this.family = family;
    this.trie = new PrefixTrie<>(family == IpFamily.IPV4 ? Poptrie.DIRECT4 : Poptrie.DIRECT6);
    this.fib =
        family == IpFamily.IPV4 ? Poptrie.ipv4(trie, minGarbage) : Poptrie.ipv6(trie, minGarbage);
    this.ranges = family == IpFamily.IPV4 ? null : new RangeFib(trie, fib, minGarbage);
  }

  /** The lookup structure, for callers on the hot path that skip this class. */
  Poptrie fib() {
    return fib;
  }

  /** The IPv6 lookup structure, for callers on the hot path that skip this class. */
  RangeFib ranges() {
    return Objects.requireNonNull(ranges, "IPv4 has no ranges");
  }

  /**
   * Brings the lookups in step with the trie after the prefix changed in it: added (1), removed
   * (-1) or given another value (0).
   */
  private void update(long high, long low, int length, int added) {
    // The Poptrie first: a numbered IPv6 batch relies on its snapshot being at least as new as
    // the ranges' (RangeFib.lookupIds).
    fib.update(high, low, length);
    if (ranges != null) {
      ranges.update(high, length, added);
    }
  }

  int size() {
    return size;
  }

  /** Writer only. */
  @Nullable V put(long high, long low, int length, V value) {
    readAhead += fib.warm(high) ^ trie.warm(high, length);
    return putWarm(high, low, length, value);
  }

  private @Nullable V putWarm(long high, long low, int length, V value) {
    PrefixTrie.Node<V> node = trie.insert(high, low, length);
    V old = node.value;
    if (old == value) {
      return old;
    }
    int id = fib.acquire(value);
    if (old != null) {
      fib.release(old);
    } else {
      size++;
    }
    node.valueId = id;
    node.value = value;
    update(high, low, length, old == null ? 1 : 0);
    return old;
  }

  /** Writer only. */
  @Nullable V remove(long high, long low, int length) {
    readAhead += fib.warm(high) ^ trie.warm(high, length);
    return removeWarm(high, low, length);
  }

  private @Nullable V removeWarm(long high, long low, int length) {
    V old = trie.remove(high, low, length);
    if (old != null) {
      size--;
      fib.release(old);
      update(high, low, length, -1);
    }
    return old;
  }

  /**
   * Puts each of this family's prefixes in the batch with the value, or removes each when the value
   * is null, in order: as {@link #put} and {@link #remove} one at a time, but with the memory of
   * {@value #WINDOW} prefixes at a time (their trie paths, direct entries and first nodes) read
   * ahead together, so that their cache misses overlap rather than follow one another. Writer only.
   */
  void apply(IpPrefix[] batch, @Nullable V value) {
    int count = 0;
    for (IpPrefix p : batch) {
      if (p.family() != family) {
        continue;
      }
      IpAddress n = p.network();
      batchHighs[count] = PrefixBits.high(n);
      batchLows[count] = PrefixBits.low(n);
      batchLengths[count] = p.length();
      if (++count == WINDOW) {
        applyWindow(count, value);
        count = 0;
      }
    }
    applyWindow(count, value);
  }

  private void applyWindow(int count, @Nullable V value) {
    long seen = 0;
    for (int i = 0; i < count; i++) {
      seen += fib.warm(batchHighs[i]);
    }
    readAhead += seen + trie.touch(batchHighs, batchLows, batchLengths, count, batchPath);
    for (int i = 0; i < count; i++) {
      if (value == null) {
        removeWarm(batchHighs[i], batchLows[i], batchLengths[i]);
      } else {
        putWarm(batchHighs[i], batchLows[i], batchLengths[i], value);
      }
    }
    Arrays.fill(batchPath, 0, count, null); // no stale links kept alive
  }

  /** Writer only. */
  void clear() {
    trie.clear();
    fib.clear();
    if (ranges != null) {
      ranges.clear();
    }
    size = 0;
  }

  @Nullable V get(long high, long low, int length) {
    PrefixTrie.Node<V> n = trie.find(high, low, length);
    return n == null ? null : n.value;
  }

  PrefixMap.@Nullable Entry<V> longestMatchEntry(long high, long low) {
    // A node may lose its value between the walk and the read: retry on the trie's next state.
    while (true) {
      PrefixTrie.Node<V> n = trie.longestMatch(high, low, family.bits());
      if (n == null) {
        return null;
      }
      V v = n.value;
      if (v != null) {
        return new PrefixMap.Entry<>(PrefixBits.toPrefix(family, n.high, n.low, n.length), v);
      }
    }
  }

  List<PrefixMap.Entry<V>> covering(long high, long low, int length) {
    List<PrefixMap.Entry<V>> out = new ArrayList<>();
    trie.forEachCovering(high, low, length, n -> addEntry(out, n));
    return out;
  }

  List<PrefixMap.Entry<V>> covered(long high, long low, int length) {
    List<PrefixMap.Entry<V>> out = new ArrayList<>();
    trie.forEachInside(high, low, length, n -> addEntry(out, n));
    return out;
  }

  void forEach(Consumer<PrefixMap.Entry<V>> action) {
    trie.forEach(
        n -> {
          V v = n.value;
          if (v != null) {
            action.accept(new PrefixMap.Entry<>(toPrefix(n), v));
          }
        });
  }

  private void addEntry(List<PrefixMap.Entry<V>> out, PrefixTrie.Node<V> n) {
    V v = n.value;
    if (v != null) {
      out.add(new PrefixMap.Entry<>(toPrefix(n), v));
    }
  }

  private IpPrefix toPrefix(PrefixTrie.Node<V> n) {
    return PrefixBits.toPrefix(family, n.high, n.low, n.length);
  }

  /** Writer only. */
  Poptrie.Stats stats() {
    return fib.stats();
  }

  /** The live bytes of the lookup structures: the Poptrie's, and the ranges' for IPv6. */
  long liveBytes() {
    return fib.stats().liveBytes() + (ranges == null ? 0 : ranges.liveBytes());
  }

  /** Writer only. */
  void compact() {
    fib.compact();
    if (ranges != null) {
      ranges.compact();
    }
  }
}
