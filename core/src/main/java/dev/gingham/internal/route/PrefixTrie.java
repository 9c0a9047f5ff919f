package dev.gingham.internal.route;

import static dev.gingham.internal.route.PrefixBits.bit;
import static dev.gingham.internal.route.PrefixBits.commonLength;
import static dev.gingham.internal.route.PrefixBits.maskHigh;
import static dev.gingham.internal.route.PrefixBits.maskLow;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Patricia (path-compressed binary) trie of prefixes of one family, keyed as {@link PrefixBits}
 * describes: the exact side of a {@link PoptriePrefixMap}, and the source the {@link Poptrie} is
 * built from.
 *
 * <p><b>Thread-safety.</b> One writer at a time (the map serialises them); any number of readers,
 * concurrently with it and without locks. The writer links a node in only once it is complete, and
 * never clears the links of a node it unlinks, so a reader that is on an unlinked node still walks
 * on into the live trie. Child links and values are volatile; keys are final.
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
  }

  private volatile @Nullable Node<V> root;

  /** The root, or null when empty. */
  @Nullable Node<V> root() {
    return root;
  }

  /** The node of exactly this prefix, valued or glue, or null. */
  @Nullable Node<V> find(long high, long low, int length) {
    Node<V> n = root;
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
   * that long: the root of every prefix inside that region. Null when the region holds none.
   */
  @Nullable Node<V> region(long high, long low, int length) {
    Node<V> n = root;
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
    Node<V> best = null;
    Node<V> n = root;
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

  /** Calls the action for each valued node that contains the prefix, shortest first. */
  void forEachCovering(long high, long low, int length, Consumer<Node<V>> action) {
    Node<V> n = root;
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
   * Returns the node of this prefix, linking in a new one with no value if there is none. The key
   * must have no bits set beyond the length. Writer only.
   */
  Node<V> insert(long high, long low, int length) {
    Node<V> parent = null;
    boolean rightOfParent = false;
    Node<V> n = root;
    while (true) {
      if (n == null) {
        Node<V> x = new Node<>(high, low, length);
        link(parent, rightOfParent, x);
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
        link(parent, rightOfParent, x);
        return x;
      }
      // They part at bit `common`: a glue node holds both.
      Node<V> glue = new Node<>(maskHigh(high, common), maskLow(low, common), common);
      boolean newGoesRight = bit(high, low, common);
      setChild(glue, newGoesRight, x);
      setChild(glue, !newGoesRight, n);
      link(parent, rightOfParent, glue);
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
    Node<V> grand = null;
    boolean parentRightOfGrand = false;
    Node<V> parent = null;
    boolean rightOfParent = false;
    Node<V> n = root;
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
    link(parent, rightOfParent, only);
    if (only == null && parent != null && parent.value == null) {
      // A glue node always has two children; now it has one, so it goes too.
      link(grand, parentRightOfGrand, parent.child(!rightOfParent));
    }
    return old;
  }

  /** Unlinks everything. Writer only. */
  void clear() {
    root = null;
  }

  private void link(@Nullable Node<V> parent, boolean right, @Nullable Node<V> child) {
    if (parent == null) {
      root = child;
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
