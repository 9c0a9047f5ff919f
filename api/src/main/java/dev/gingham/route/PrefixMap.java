package dev.gingham.route;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A map from IP prefixes, of both families, to values, with longest-prefix match: the lookup a
 * router's forwarding table makes for every packet.
 *
 * <p>Besides exact {@link #get}, {@link #put} and {@link #remove}, it answers {@link
 * #longestMatch(IpAddress)} (the value of the longest prefix that contains an address), {@link
 * #covering} (the prefixes that contain a prefix) and {@link #covered} (the prefixes inside one),
 * and iterates in {@link IpPrefix} order: IPv4 before IPv6, then by network address, then by
 * length.
 *
 * <p>The primitive overloads {@link #longestMatch(int)} and {@link #longestMatch(long, long)}, and
 * their batched forms {@code longestMatches}, are the hot path: they allocate nothing and take no
 * lock. {@link #longestMatchIds(int[], int, int[])} answers a batch with numbers that stand for the
 * values, as a router's bulk lookup answers with next-hop numbers, which an implementation can make
 * faster still.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for any number of readers and writers. Writes
 * are serialised among themselves; readers never block and never wait for a writer. A reader sees
 * each write either wholly or not at all: a lookup made while a prefix is being added returns the
 * value of the old longest match or of the new one, never anything else. Iteration and the {@link
 * #covering}/{@link #covered} lists are weakly consistent: they reflect each entry as it was at
 * some moment during the call.
 *
 * <p>Values are never null: a null value is rejected with a {@link NullPointerException}, and null
 * as a result means "no such prefix".
 *
 * @param <V> the type of the values
 */
public interface PrefixMap<V> extends Iterable<PrefixMap.Entry<V>> {

  /**
   * Maps a prefix to a value, replacing the value it had.
   *
   * @return the value it had, or null if the prefix was absent
   * @throws NullPointerException if the prefix or the value is null
   */
  @Nullable V put(IpPrefix prefix, V value);

  /**
   * Removes a prefix.
   *
   * @return the value it had, or null if it was absent
   */
  @Nullable V remove(IpPrefix prefix);

  /**
   * Maps each of the prefixes to the value, as a BGP UPDATE announces many prefixes with one set of
   * path attributes: the same as {@link #put} of each prefix in turn, and faster per prefix in an
   * implementation that overlaps the prefixes' memory accesses. Readers see each prefix's change as
   * {@code put} makes it, wholly or not at all; they may see some of the batch's changes before
   * others.
   *
   * @throws NullPointerException if the value, the collection or any prefix in it is null; then
   *     nothing is changed
   */
  default void putAll(Collection<IpPrefix> prefixes, V value) {
    Objects.requireNonNull(value, "value");
    List<IpPrefix> batch = checkedBatch(prefixes);
    for (IpPrefix prefix : batch) {
      put(prefix, value);
    }
  }

  /**
   * Removes each of the prefixes, as a BGP UPDATE withdraws many: the same as {@link #remove} of
   * each in turn; see {@link #putAll}. Absent prefixes are skipped.
   *
   * @throws NullPointerException if the collection or any prefix in it is null; then nothing is
   *     changed
   */
  default void removeAll(Collection<IpPrefix> prefixes) {
    for (IpPrefix prefix : checkedBatch(prefixes)) {
      remove(prefix);
    }
  }

  /**
   * A copy of a batch, checked before anything changes (a default method, so that implementations
   * written before the batch methods keep compiling).
   *
   * @throws NullPointerException if the collection or any prefix in it is null
   */
  private static List<IpPrefix> checkedBatch(Collection<IpPrefix> prefixes) {
    Objects.requireNonNull(prefixes, "prefixes");
    List<IpPrefix> batch = new ArrayList<>(prefixes.size());
    for (IpPrefix prefix : prefixes) {
      if (prefix == null) {
        throw new NullPointerException("prefix " + batch.size() + " of the batch is null");
      }
      batch.add(prefix);
    }
    return batch;
  }

  /** The value of exactly this prefix, or null. */
  @Nullable V get(IpPrefix prefix);

  /** Whether exactly this prefix is present. */
  default boolean containsKey(IpPrefix prefix) {
    return get(prefix) != null;
  }

  /** The value of the longest prefix that contains the address, or null if none does. */
  @Nullable V longestMatch(IpAddress address);

  /**
   * The value of the longest IPv4 prefix that contains the address, or null. Allocation-free.
   *
   * @param ipv4 the address as a 32-bit number, {@code 10.0.0.1} being {@code 0x0A000001}
   */
  @Nullable V longestMatch(int ipv4);

  /**
   * The value of the longest IPv6 prefix that contains the address, or null. Allocation-free.
   *
   * @param high the address's first 64 bits
   * @param low the address's last 64 bits
   */
  @Nullable V longestMatch(long high, long low);

  /**
   * Looks up many IPv4 addresses at once: {@code results[i] = longestMatch(addresses[i])} for each
   * {@code i < count}. Allocation-free. Implementations may interleave the lookups, as a router's
   * batched lookups do, which is usually faster per address than one call each (how much depends on
   * the keys and the JVM). Each lookup sees the map as a single call would.
   *
   * @throws IndexOutOfBoundsException if {@code count} is negative or exceeds either array
   */
  void longestMatches(int[] addresses, int count, @Nullable V[] results);

  /**
   * Looks up many IPv6 addresses at once: {@code results[i] = longestMatch(highs[i], lows[i])} for
   * each {@code i < count}. See {@link #longestMatches(int[], int, Object[])}.
   *
   * @throws IndexOutOfBoundsException if {@code count} is negative or exceeds any array
   */
  void longestMatches(long[] highs, long[] lows, int count, @Nullable V[] results);

  /**
   * Looks up many IPv4 addresses at once and answers each with a number that stands for its value,
   * as a router's bulk lookup answers with next-hop numbers: {@code ids[i]} is 0 when no prefix
   * contains {@code addresses[i]}, else a number that the returned {@link ValueIds} maps to {@code
   * longestMatch(addresses[i])}. Only {@code ids[0, count)} is written. Each lookup sees the map as
   * a single call would. An implementation built for it need store no reference per result, which
   * is the costly part of a batch under a garbage collector with a write barrier; see the
   * implementation for what it promises.
   *
   * <p>Numbers tell values apart by identity, and only within one call: compare values, not
   * numbers. Equal but distinct instances have different numbers, and the same value may have two
   * numbers in one call if it left the map and came back during it. A number keeps meaning its
   * value for as long as the {@code ValueIds} is held, whatever the map does meanwhile, so holding
   * it keeps the values it maps reachable, removed ones included.
   *
   * <p>This default looks up each address and numbers the values per call, allocating.
   *
   * @return what the numbers stand for
   * @throws IndexOutOfBoundsException if {@code count} is negative or exceeds either array; then
   *     nothing is written
   */
  default ValueIds<V> longestMatchIds(int[] addresses, int count, int[] ids) {
    Objects.checkFromIndexSize(0, count, addresses.length);
    Objects.checkFromIndexSize(0, count, ids.length);
    ValueNumbering<V> numbering = new ValueNumbering<>();
    for (int i = 0; i < count; i++) {
      ids[i] = numbering.idOf(longestMatch(addresses[i]));
    }
    return numbering;
  }

  /**
   * Looks up many IPv6 addresses at once, answering with numbers: {@code ids[i]} stands for {@code
   * longestMatch(highs[i], lows[i])}. See {@link #longestMatchIds(int[], int, int[])}.
   *
   * @return what the numbers stand for
   * @throws IndexOutOfBoundsException if {@code count} is negative or exceeds any array; then
   *     nothing is written
   */
  default ValueIds<V> longestMatchIds(long[] highs, long[] lows, int count, int[] ids) {
    Objects.checkFromIndexSize(0, count, highs.length);
    Objects.checkFromIndexSize(0, count, lows.length);
    Objects.checkFromIndexSize(0, count, ids.length);
    ValueNumbering<V> numbering = new ValueNumbering<>();
    for (int i = 0; i < count; i++) {
      ids[i] = numbering.idOf(longestMatch(highs[i], lows[i]));
    }
    return numbering;
  }

  /**
   * What the numbers of a {@code longestMatchIds} call stand for.
   *
   * @param <V> the type of the values
   */
  interface ValueIds<V> {
    /**
     * The value a number stands for: null for 0 (no match). A number the call did not answer with
     * may stand for any value or none, or be refused.
     *
     * @throws IndexOutOfBoundsException if the number is negative, or refused
     */
    @Nullable V value(int id);
  }

  /** The longest prefix that contains the address, with its value, or null if none does. */
  @Nullable Entry<V> longestMatchEntry(IpAddress address);

  /**
   * The entries whose prefixes contain the given one (itself included, if present), shortest first:
   * the routes a packet to that prefix could take, from the least specific.
   */
  List<Entry<V>> covering(IpPrefix prefix);

  /**
   * The entries whose prefixes lie inside the given one (itself included, if present), in {@link
   * IpPrefix} order.
   */
  List<Entry<V>> covered(IpPrefix prefix);

  /** The number of prefixes. */
  int size();

  /** Whether there is no prefix. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /** Removes every prefix. */
  void clear();

  /**
   * A prefix and its value.
   *
   * @param prefix the prefix
   * @param value its value
   * @param <V> the type of the value
   */
  record Entry<V>(IpPrefix prefix, V value) {
    public Entry {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return prefix + "=" + value;
    }
  }
}
