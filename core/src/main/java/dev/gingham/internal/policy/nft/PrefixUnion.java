package dev.gingham.internal.policy.nft;

import dev.gingham.net.IpPrefix;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The content of an interval set that several contributors fill with possibly overlapping prefixes:
 * nftables refuses overlapping intervals, so the set holds only the prefixes that no other
 * contributed prefix contains. Contributions are counted, so that a prefix given twice stays until
 * both givers take it back. Each change of what the set holds is reported. Not thread-safe.
 */
final class PrefixUnion {
  private final NavigableMap<IpPrefix, Integer> counts = new TreeMap<>();

  /** The prefixes the set holds, ordered by network address then length. */
  private final NavigableMap<IpPrefix, Boolean> visible = new TreeMap<>();

  /** How many distinct prefixes of each length are contributed: most sets hold only /32s. */
  private final int[] lengths = new int[129];

  /** Contributes a prefix; {@code change} hears (prefix, added?) for each change of the set. */
  void add(IpPrefix p, BiConsumer<IpPrefix, Boolean> change) {
    if (counts.merge(p, 1, Integer::sum) > 1) {
      return;
    }
    lengths[p.length()]++;
    if (coveredByOther(p)) {
      return;
    }
    // p now hides every visible prefix inside it.
    for (IpPrefix inner : visibleWithin(p)) {
      visible.remove(inner);
      change.accept(inner, false);
    }
    visible.put(p, Boolean.TRUE);
    change.accept(p, true);
  }

  /** Takes a contribution back. */
  void remove(IpPrefix p, BiConsumer<IpPrefix, Boolean> change) {
    Integer n = counts.get(p);
    if (n == null) {
      throw new IllegalStateException("prefix " + p + " was never added");
    }
    if (n > 1) {
      counts.put(p, n - 1);
      return;
    }
    counts.remove(p);
    lengths[p.length()]--;
    if (visible.remove(p) == null) {
      return;
    }
    change.accept(p, false);
    // Contributions that p hid come back, unless another hides them.
    TreeMap<IpPrefix, Boolean> inside = new TreeMap<>();
    for (IpPrefix q : counts.tailMap(p, false).keySet()) {
      if (!p.contains(q.network())) {
        break;
      }
      inside.put(q, Boolean.TRUE);
    }
    for (IpPrefix q : inside.keySet()) {
      boolean hidden = false;
      for (IpPrefix r : inside.keySet()) {
        if (!r.equals(q) && r.contains(q)) {
          hidden = true;
          break;
        }
      }
      if (!hidden) {
        visible.put(q, Boolean.TRUE);
        change.accept(q, true);
      }
    }
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  private boolean coveredByOther(IpPrefix p) {
    for (int len = p.length() - 1; len >= 0; len--) {
      if (lengths[len] > 0 && counts.containsKey(IpPrefix.ofMasking(p.network(), len))) {
        return true;
      }
    }
    return false;
  }

  private java.util.List<IpPrefix> visibleWithin(IpPrefix p) {
    if (p.length() == p.family().bits()) {
      return java.util.List.of(); // a host prefix holds nothing else: the common case
    }
    java.util.List<IpPrefix> out = new java.util.ArrayList<>();
    for (IpPrefix q : visible.tailMap(p, false).keySet()) {
      if (!p.contains(q.network())) {
        break;
      }
      out.add(q);
    }
    return out;
  }
}
