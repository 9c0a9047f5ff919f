package dev.gingham.internal.route;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.route.PrefixMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The prefixes of one family: the trie that holds them and the Poptrie that answers lookups, kept
 * in step. Writes are the caller's to serialise; reads are lock-free.
 *
 * @param <V> the type of the values
 */
final class FamilyTable<V> {
  private final IpFamily family;
  private final PrefixTrie<V> trie;
  private final Poptrie fib;
  private volatile int size;

  FamilyTable(IpFamily family, int minGarbage) {
    this.family = family;
    this.trie = new PrefixTrie<>(family == IpFamily.IPV4 ? Poptrie.DIRECT4 : Poptrie.DIRECT6);
    this.fib =
        family == IpFamily.IPV4 ? Poptrie.ipv4(trie, minGarbage) : Poptrie.ipv6(trie, minGarbage);
  }

  /** The lookup structure, for callers on the hot path that skip this class. */
  Poptrie fib() {
    return fib;
  }

  int size() {
    return size;
  }

  /** Writer only. */
  @Nullable V put(long high, long low, int length, V value) {
    fib.warm(high);
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
    fib.update(high, low, length);
    return old;
  }

  /** Writer only. */
  @Nullable V remove(long high, long low, int length) {
    fib.warm(high);
    V old = trie.remove(high, low, length);
    if (old != null) {
      size--;
      fib.release(old);
      fib.update(high, low, length);
    }
    return old;
  }

  /** Writer only. */
  void clear() {
    trie.clear();
    fib.clear();
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

  /** Writer only. */
  void compact() {
    fib.compact();
  }
}
