package dev.gingham.internal.route;

import static dev.gingham.internal.route.PrefixBits.bit;
import static dev.gingham.internal.route.PrefixBits.commonLength;
import static dev.gingham.internal.route.PrefixBits.maskHigh;
import static dev.gingham.internal.route.PrefixBits.maskLow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The prefixes of one family as a forest of Patricia (path-compressed binary) tries, keyed as
 * {@link PrefixBits} describes: the exact side of a {@link PoptriePrefixMap}, and the source its
 * {@link Poptrie} is built from.
 *
 * <p>A prefix longer than {@code directBits} lives in the trie of its first {@code directBits}
 * bits, one root per entry of the Poptrie's direct array; the shorter ones share one more trie. So
 * a walk to a long prefix starts a few nodes above it instead of twenty, and the Poptrie finds
 * everything under one direct entry at one root.
 *
 * <p><b>Thread-safety.</b> One writer at a time (the map serialises them); any number of readers,
 * concurrently with it and without locks. The writer links a node in only once it is complete, and
 * never clears the links of a node it unlinks, so a reader that is on an unlinked node still walks
 * on into the live trie. Roots, child links and values are volatile; keys are final.
 *
 * @param <V> the type of the values
 */
final class PrefixTrie<V> {

  /** A node: a prefix with a value, or a glue node (value null) where two branches part. */
  static final class Node<V> {
    final long high;
    final long low;
    final int length;
    volatile @Nullable Node<V> left;
    volatile @Nullable Node<V> right;
    volatile @Nullable V value;

    /** The value's id in the FIB's value table; the writer's alone. */
    int valueId;

    Node(long high, long low, int length) {
      this.high = high;
      this.low = low;
      this.length = length;
    }

    /** Whether the first {@code n} bits of the key equal this node's (n at most its length). */
    boolean matches(long keyHigh, long keyLow, int n) {
      return commonLength(high, low, keyHigh, keyLow, n) == n;
    }

    @Nullable Node<V> child(boolean right) {
      return right ? this.right : this.left;
    }

    boolean isLeaf() {
      return left == null && right == null;
    }

    /** Orders as {@link dev.gingham.net.IpPrefix} does: by address, then by length. */
    int compareTo(Node<?> o) {
      int c = Long.compareUnsigned(high, o.high);
      if (c == 0) {
        c = Long.compareUnsigned(low, o.low);
      }
      return c != 0 ? c : Integer.compare(length, o.length);
    }
  }

  private final int directBits;
  private final int shortSlot;
  private final AtomicReferenceArray<@Nullable Node<V>> roots;

  /**
   * An empty forest.
   *
   * @param directBits prefixes longer than this go to the trie of their first {@code directBits}
   */
  PrefixTrie(int directBits) {
    this.directBits = directBits;
    this.shortSlot = 1 << directBits;
    this.roots = new AtomicReferenceArray<>(shortSlot + 1);
  }

  private int slot(long high, int length) {
    return length > directBits ? (int) (high >>> (64 - directBits)) : shortSlot;
  }

  /** The root of the trie under direct index d: every prefix longer than directBits there. */
  @Nullable Node<V> directRoot(int d) {
    return roots.get(d);
  }

  /** The node of exactly this prefix, valued or glue, or null. */
  @Nullable Node<V> find(long high, long low, int length) {
    Node<V> n = roots.get(slot(high, length));
    while (n != null && n.length <= length) {
      if (!n.matches(high, low, n.length)) {
        return null;
      }
      if (n.length == length) {
        return n;
      }
      n = n.child(bit(high, low, n.length));
    }
    return null;
  }

  /**
   * The topmost node whose key has the first {@code length} bits of the given key and is at least
   * that long: the root of every prefix inside that region. Null when the region holds none. The
   * length must be at least {@code directBits}.
   */
  @Nullable Node<V> region(long high, long low, int length) {
    return region(roots.get((int) (high >>> (64 - directBits))), high, low, length);
  }

  /**
   * The topmost node of the trie of prefixes no longer than {@code directBits} whose key has the
   * first {@code length} bits of the given key and is at least that long, or null. The length must
   * be at most {@code directBits}.
   */
  @Nullable Node<V> shortRegion(long high, long low, int length) {
    return region(roots.get(shortSlot), high, low, length);
  }

  private static <V> @Nullable Node<V> region(
      @Nullable Node<V> from, long high, long low, int length) {
    Node<V> n = from;
    while (n != null && n.length < length) {
      if (!n.matches(high, low, n.length)) {
        return null;
      }
      n = n.child(bit(high, low, n.length));
    }
    return n != null && n.matches(high, low, length) ? n : null;
  }

  /** The longest valued node that contains the key and is at most {@code maxLength} long. */
  @Nullable Node<V> longestMatch(long high, long low, int maxLength) {
    if (maxLength > directBits) {
      Node<V> best = longestMatch(roots.get(slot(high, maxLength)), high, low, maxLength);
      if (best != null) {
        return best;
      }
    }
    return longestMatch(roots.get(shortSlot), high, low, Math.min(maxLength, directBits));
  }

  private static <V> @Nullable Node<V> longestMatch(
      @Nullable Node<V> from, long high, long low, int maxLength) {
    Node<V> best = null;
    Node<V> n = from;
    while (n != null && n.length <= maxLength && n.matches(high, low, n.length)) {
      if (n.value != null) {
        best = n;
      }
      if (n.length == maxLength) {
        break;
      }
      n = n.child(bit(high, low, n.length));
    }
    return best;
  }

  /**
   * The longest valued node that contains the key, is at most {@code maxLength} long, and is longer
   * than {@code directBits}: the match within direct index d's trie alone.
   */
  @Nullable Node<V> longestMatchInDirect(int d, long high, long low, int maxLength) {
    return longestMatch(roots.get(d), high, low, maxLength);
  }

  /** Calls the action for each valued node that contains the prefix, shortest first. */
  void forEachCovering(long high, long low, int length, Consumer<Node<V>> action) {
    covering(roots.get(shortSlot), high, low, Math.min(length, directBits), action);
    if (length > directBits) {
      covering(roots.get(slot(high, length)), high, low, length, action);
    }
  }

  private static <V> void covering(
      @Nullable Node<V> from, long high, long low, int length, Consumer<Node<V>> action) {
    Node<V> n = from;
    while (n != null && n.length <= length && n.matches(high, low, n.length)) {
      if (n.value != null) {
        action.accept(n);
      }
      if (n.length == length) {
        return;
      }
      n = n.child(bit(high, low, n.length));
    }
  }

  /** Calls the action for each valued node inside the prefix (itself included), in order. */
  void forEachInside(long high, long low, int length, Consumer<Node<V>> action) {
    if (length > directBits) {
      forEachUnder(region(high, low, length), action);
      return;
    }
    List<Node<V>> shorts = new ArrayList<>();
    forEachUnder(region(roots.get(shortSlot), high, low, length), shorts::add);
    int first = (int) (high >>> (64 - directBits));
    int count = 1 << (directBits - length);
    int[] next = {0};
    for (int d = first; d < first + count; d++) {
      forEachUnder(
          roots.get(d),
          n -> {
            // Shorter prefixes sort before the longer ones they hold, and between trees.
            while (next[0] < shorts.size() && shorts.get(next[0]).compareTo(n) < 0) {
              action.accept(shorts.get(next[0]++));
            }
            action.accept(n);
          });
    }
    while (next[0] < shorts.size()) {
      action.accept(shorts.get(next[0]++));
    }
  }

  /** Calls the action for each valued node, in order. */
  void forEach(Consumer<Node<V>> action) {
    forEachInside(0, 0, 0, action);
  }

  /** Calls the action for each valued node under {@code top} (itself included), in order. */
  static <V> void forEachUnder(@Nullable Node<V> top, Consumer<Node<V>> action) {
    if (top == null) {
      return;
    }
    ArrayDeque<Node<V>> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      Node<V> n = stack.pop();
      if (n.value != null) {
        action.accept(n);
      }
      Node<V> r = n.right;
      Node<V> l = n.left;
      if (r != null) {
        stack.push(r);
      }
      if (l != null) {
        stack.push(l);
      }
    }
  }

  /**
   * Reads the nodes on the paths to the first {@code count} prefixes, one level of all the paths at
   * a time, so that the following inserts or removes of those prefixes find them in the cache. One
   * path's nodes depend on one another and their misses come one after the other; the same level of
   * different paths does not, and in this order their misses overlap. Changes nothing. Writer only.
   *
   * @param path scratch room for {@code count} nodes
   * @return a number made of what was read, so that the reads are not left out
   */
  long touch(long[] highs, long[] lows, int[] lengths, int count, @Nullable Node<?>[] path) {
    for (int i = 0; i < count; i++) {
      path[i] = roots.get(slot(highs[i], lengths[i]));
    }
    long seen = 0;
    boolean more = true;
    while (more) {
      more = false;
      for (int i = 0; i < count; i++) {
        Node<?> n = path[i];
        if (n == null) {
          continue;
        }
        int at = n.length;
        seen += at;
        Node<?> next = at < lengths[i] ? n.child(bit(highs[i], lows[i], at)) : null;
        path[i] = next;
        more |= next != null;
      }
    }
    return seen;
  }

  /**
   * Reads the root of the trie the prefix (high, length) belongs to, and returns a number made of
   * it, so that the first miss of a walk to the prefix is taken early, beside other reads.
   */
  long warm(long high, int length) {
    Node<V> root = roots.get(slot(high, length));
    return root == null ? 0 : root.high ^ root.length;
  }

  /**
   * Returns the node of this prefix, linking in a new one with no value if there is none. The key
   * must have no bits set beyond the length. Writer only.
   */
  Node<V> insert(long high, long low, int length) {
    int slot = slot(high, length);
    Node<V> parent = null;
    boolean rightOfParent = false;
    Node<V> n = roots.get(slot);
    while (true) {
      if (n == null) {
        Node<V> x = new Node<>(high, low, length);
        link(slot, parent, rightOfParent, x);
        return x;
      }
      int common = commonLength(n.high, n.low, high, low, Math.min(n.length, length));
      if (common == n.length) {
        if (n.length == length) {
          return n;
        }
        parent = n;
        rightOfParent = bit(high, low, n.length);
        n = n.child(rightOfParent);
        continue;
      }
      Node<V> x = new Node<>(high, low, length);
      if (common == length) {
        // The new prefix contains n: it goes between n and its parent.
        setChild(x, bit(n.high, n.low, length), n);
        link(slot, parent, rightOfParent, x);
        return x;
      }
      // They part at bit `common`: a glue node holds both.
      Node<V> glue = new Node<>(maskHigh(high, common), maskLow(low, common), common);
      boolean newGoesRight = bit(high, low, common);
      setChild(glue, newGoesRight, x);
      setChild(glue, !newGoesRight, n);
      link(slot, parent, rightOfParent, glue);
      return x;
    }
  }

  /**
   * Clears the value of this prefix's node and unlinks what is left useless: the node when it has
   * fewer than two children, and a glue parent left with one. Writer only.
   *
   * @return the node's former value, or null if it had none or there was no such node
   */
  @Nullable V remove(long high, long low, int length) {
    int slot = slot(high, length);
    Node<V> grand = null;
    boolean parentRightOfGrand = false;
    Node<V> parent = null;
    boolean rightOfParent = false;
    Node<V> n = roots.get(slot);
    while (n != null && n.length < length && n.matches(high, low, n.length)) {
      grand = parent;
      parentRightOfGrand = rightOfParent;
      parent = n;
      rightOfParent = bit(high, low, n.length);
      n = n.child(rightOfParent);
    }
    if (n == null || n.length != length || !n.matches(high, low, length) || n.value == null) {
      return null;
    }
    V old = n.value;
    n.value = null;
    Node<V> l = n.left;
    Node<V> r = n.right;
    if (l != null && r != null) {
      return old; // still needed as glue
    }
    Node<V> only = l != null ? l : r;
    link(slot, parent, rightOfParent, only);
    if (only == null && parent != null && parent.value == null) {
      // A glue node always has two children; now it has one, so it goes too.
      link(slot, grand, parentRightOfGrand, parent.child(!rightOfParent));
    }
    return old;
  }

  /** Unlinks everything. Writer only. */
  void clear() {
    for (int i = 0; i < roots.length(); i++) {
      roots.set(i, null);
    }
  }

  private void link(int slot, @Nullable Node<V> parent, boolean right, @Nullable Node<V> child) {
    if (parent == null) {
      roots.set(slot, child);
    } else {
      setChild(parent, right, child);
    }
  }

  private static <V> void setChild(Node<V> parent, boolean right, @Nullable Node<V> child) {
    if (right) {
      parent.right = child;
    } else {
      parent.left = child;
    }
  }
}
