package dev.gingham.internal.route;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link PrefixMap} over a Patricia trie and a {@link Poptrie} per family, with IPv6 lookups
 * answered by a {@link RangeFib} in front of the IPv6 Poptrie. Writers take a lock among
 * themselves; readers take none. See {@link Poptrie} and {@link RangeFib} for how a reader never
 * sees a torn state.
 *
 * @param <V> the type of the values
 */
public final class PoptriePrefixMap<V> implements PrefixMap<V> {
  /** Garbage tolerated before compacting, however little is live: 64K words (512 KiB). */
  public static final int DEFAULT_MIN_GARBAGE = 1 << 16;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final FamilyTable<V> v4;
  private final FamilyTable<V> v6;
  // The lookups go straight to these, one load shorter than through the tables.
  private final Poptrie fib4;
  private final RangeFib fib6;

  /** An empty map. */
  public PoptriePrefixMap() {
    this(DEFAULT_MIN_GARBAGE);
  }

  /**
   * An empty map that compacts once garbage exceeds both what is live and {@code minGarbage}; tests
   * set it low to compact often.
   */
  public PoptriePrefixMap(int minGarbage) {
    v4 = new FamilyTable<>(IpFamily.IPV4, minGarbage);
    v6 = new FamilyTable<>(IpFamily.IPV6, minGarbage);
    fib4 = v4.fib();
    fib6 = v6.ranges();
  }

  private FamilyTable<V> table(IpPrefix prefix) {
    return prefix.family() == IpFamily.IPV4 ? v4 : v6;
  }

  @Override
  public @Nullable V put(IpPrefix prefix, V value) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(value, () -> "value for " + prefix);
    IpAddress n = prefix.network();
    writeLock.lock();
    try {
      return table(prefix).put(PrefixBits.high(n), PrefixBits.low(n), prefix.length(), value);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public @Nullable V remove(IpPrefix prefix) {
    IpAddress n = prefix.network();
    writeLock.lock();
    try {
      return table(prefix).remove(PrefixBits.high(n), PrefixBits.low(n), prefix.length());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes the write lock once for the batch, and reads ahead the memory of several prefixes at a
   * time (their trie paths, direct entries and first nodes), so that their cache misses overlap.
   */
  @Override
  public void putAll(Collection<IpPrefix> prefixes, V value) {
    Objects.requireNonNull(value, "value");
    apply(checkedBatch(prefixes), value);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes the write lock once for the batch; see {@link #putAll}.
   */
  @Override
  public void removeAll(Collection<IpPrefix> prefixes) {
    apply(checkedBatch(prefixes), null);
  }

  /** Puts each prefix with the value, or removes each when the value is null. */
  private void apply(IpPrefix[] batch, @Nullable V value) {
    writeLock.lock();
    try {
      v4.apply(batch, value);
      v6.apply(batch, value);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The prefixes of a batch in an array of their own, all checked before anything changes.
   *
   * @throws NullPointerException naming the position of the first null prefix
   */
  private static IpPrefix[] checkedBatch(Collection<IpPrefix> prefixes) {
    Objects.requireNonNull(prefixes, "prefixes");
    IpPrefix[] batch = prefixes.toArray(new IpPrefix[0]);
    for (int i = 0; i < batch.length; i++) {
      if (batch[i] == null) {
        throw new NullPointerException("prefix " + i + " of the batch is null");
      }
    }
    return batch;
  }

  @Override
  public @Nullable V get(IpPrefix prefix) {
    IpAddress n = prefix.network();
    return table(prefix).get(PrefixBits.high(n), PrefixBits.low(n), prefix.length());
  }

  @Override
  public @Nullable V longestMatch(IpAddress address) {
    if (address instanceof Ipv4Address) {
      return longestMatch(((Ipv4Address) address).toInt());
    }
    Ipv6Address a = (Ipv6Address) address;
    return longestMatch(a.high(), a.low());
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable V longestMatch(int ipv4) {
    return (V) fib4.lookup4(ipv4);
  }

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable V longestMatch(long high, long low) {
    return (V) fib6.lookup(high, low);
  }

  @Override
  public void longestMatches(int[] addresses, int count, @Nullable V[] results) {
    fib4.lookup4(addresses, count, results);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the lookups run eight in lock step and allocate nothing; the numbers are the value ids
   * of the IPv4 Poptrie, and the {@code ValueIds} holds its values array of the moment (one array
   * for many calls, until the values are renumbered or their array grows).
   */
  @Override
  @SuppressWarnings("unchecked")
  public ValueIds<V> longestMatchIds(int[] addresses, int count, int[] ids) {
    return (ValueIds<V>) fib4.lookupIds4(addresses, count, ids);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the lookups run four in lock step and allocate nothing; the numbers are the value ids
   * of the IPv6 Poptrie, which the range search shares.
   */
  @Override
  @SuppressWarnings("unchecked")
  public ValueIds<V> longestMatchIds(long[] highs, long[] lows, int count, int[] ids) {
    return (ValueIds<V>) fib6.lookupIds(highs, lows, count, ids);
  }

  @Override
  public void longestMatches(long[] highs, long[] lows, int count, @Nullable V[] results) {
    fib6.lookups(highs, lows, count, results);
  }

  @Override
  public @Nullable Entry<V> longestMatchEntry(IpAddress address) {
    FamilyTable<V> t = address.family() == IpFamily.IPV4 ? v4 : v6;
    return t.longestMatchEntry(PrefixBits.high(address), PrefixBits.low(address));
  }

  @Override
  public List<Entry<V>> covering(IpPrefix prefix) {
    IpAddress n = prefix.network();
    return table(prefix).covering(PrefixBits.high(n), PrefixBits.low(n), prefix.length());
  }

  @Override
  public List<Entry<V>> covered(IpPrefix prefix) {
    IpAddress n = prefix.network();
    return table(prefix).covered(PrefixBits.high(n), PrefixBits.low(n), prefix.length());
  }

  @Override
  public int size() {
    return v4.size() + v6.size();
  }

  @Override
  public void clear() {
    writeLock.lock();
    try {
      v4.clear();
      v6.clear();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Iterates in {@link IpPrefix} order over a weakly consistent copy taken when this is called.
   * Removal through the iterator is not supported.
   */
  @Override
  public Iterator<Entry<V>> iterator() {
    List<Entry<V>> all = new ArrayList<>();
    v4.forEach(all::add);
    v6.forEach(all::add);
    return java.util.Collections.unmodifiableList(all).iterator();
  }

  /** The size of a family's lookup structure, for benchmarks and tests. */
  public FibSize fibSize(IpFamily family) {
    writeLock.lock();
    try {
      FamilyTable<V> t = family == IpFamily.IPV4 ? v4 : v6;
      Poptrie.Stats s = t.stats();
      return new FibSize(t.liveBytes(), s.values(), s.narrow());
    } finally {
      writeLock.unlock();
    }
  }

  /** The IPv6 lookup structure, for tests. */
  RangeFib ipv6Ranges() {
    return fib6;
  }

  /** Rebuilds both families' lookup structures into fresh, garbage-free arrays. */
  public void compact() {
    writeLock.lock();
    try {
      v4.compact();
      v6.compact();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The size of one family's lookup structure.
   *
   * @param bytes the live bytes: direct array, nodes and leaves, and for IPv6 the ranges' direct
   *     array and lines
   * @param values the distinct values it holds ids for
   * @param narrowLeaves whether leaves are 16-bit
   */
  public record FibSize(long bytes, int values, boolean narrowLeaves) {}

  @Override
  public String toString() {
    return "PrefixMap(" + size() + " prefixes)";
  }
}
