package dev.gingham.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A label selector in Calico's language, such as {@code app == "web" && tier in {"front", "edge"}}.
 *
 * <p>Operators: {@code ==}, {@code !=}, {@code in {…}}, {@code not in {…}}, {@code has(k)}, {@code
 * starts with}, {@code ends with}, {@code contains}, {@code !}, {@code &&}, {@code ||},
 * parentheses, {@code all()} and {@code global()}. {@code !} binds tighter than {@code &&}, which
 * binds tighter than {@code ||}. As in Calico, {@code !=} and {@code not in} match when the label
 * is absent, while {@code ==}, {@code in} and the string operators need it present. {@code
 * global()} matches resources that belong to no namespace. The empty text means {@code all()}.
 *
 * <p>A selector is kept in normal form, so that selectors that differ only in spacing, quoting,
 * operand order, duplicated operands, nesting of {@code &&}/{@code ||} or double negation are
 * {@linkplain #equals equal}, print the same {@linkplain #toString canonical text} and have the
 * same {@link #id()}: a dataplane keeps one address set per distinct selector.
 *
 * <p>{@link #matches(Labels)} allocates nothing. Immutable and thread-safe.
 */
public final class Selector {
  /** Matches everything. */
  public static final Selector ALL = new Selector(SelectorNode.all());

  /** Matches resources outside any namespace. */
  public static final Selector GLOBAL = new Selector(SelectorNode.global());

  /** The label that a namespaced resource carries with its namespace's name. */
  public static final String NAMESPACE_LABEL = SelectorNode.NAMESPACE_KEY;

  private final SelectorNode root;
  private volatile String id;

  private Selector(SelectorNode root) {
    this.root = root;
  }

  /**
   * Parses selector text.
   *
   * @throws SelectorSyntaxException saying where the text went wrong and what was expected there
   */
  public static Selector parse(String text) {
    return new Selector(SelectorParser.parse(text));
  }

  /** {@code key == value}. */
  public static Selector equal(String key, String value) {
    requireKey(key);
    return new Selector(SelectorNode.compare(SelectorNode.Op.EQ, key, requireQuotable(value)));
  }

  /** {@code has(key)}. */
  public static Selector has(String key) {
    return new Selector(SelectorNode.has(requireKey(key)));
  }

  /** {@code key in {values}}, or {@code key not in {values}} when negated. */
  public static Selector in(String key, List<String> values, boolean negated) {
    requireKey(key);
    values.forEach(Selector::requireQuotable);
    return new Selector(SelectorNode.in(key, values, negated));
  }

  /** The conjunction of selectors; {@link #ALL} when there are none. */
  public static Selector allOf(List<Selector> selectors) {
    return new Selector(SelectorNode.and(selectors.stream().map(s -> s.root).toList()));
  }

  /** The disjunction of selectors, which matches nothing when there are none. */
  public static Selector anyOf(List<Selector> selectors) {
    if (selectors.isEmpty()) {
      return new Selector(SelectorNode.not(SelectorNode.all()));
    }
    return new Selector(SelectorNode.or(selectors.stream().map(s -> s.root).toList()));
  }

  /** This selector and {@code other}. */
  public Selector and(Selector other) {
    return allOf(List.of(this, other));
  }

  /** The negation of this selector. */
  public Selector negate() {
    return new Selector(SelectorNode.not(root));
  }

  /**
   * This selector with {@code prefix} put before every label key; {@code global()} is kept as it
   * is. A namespace selector is evaluated this way against namespace labels that were merged into
   * an endpoint's labels under a prefix, as Calico does with {@code pcns.}.
   */
  public Selector withKeyPrefix(String prefix) {
    return new Selector(root.mapKeys(k -> prefix + k));
  }

  /** Whether the labels match. Allocates nothing. */
  public boolean matches(Labels labels) {
    return root.matches(labels);
  }

  /** Whether this is {@code all()}. */
  public boolean isAll() {
    return root instanceof SelectorNode.All;
  }

  /**
   * The label keys this selector reads, sorted. A change to any other label cannot change whether
   * it matches, which is what lets an index re-evaluate only the selectors a change can affect.
   */
  public Set<String> keys() {
    TreeSet<String> keys = new TreeSet<>();
    root.keys(keys);
    return Collections.unmodifiableSet(keys);
  }

  /**
   * Labels that every match must carry: the {@code key == value} terms of the top-level
   * conjunction. Empty when there are none; an index files the selector under one of them.
   */
  public Map<String, String> requiredLabels() {
    TreeMap<String, String> out = new TreeMap<>();
    SelectorNode.requiredLabels(root, out);
    return Collections.unmodifiableMap(out);
  }

  /**
   * A stable short identifier of the normal form: 12 lowercase hex digits of the SHA-256 of the
   * canonical text. Equal selectors have equal ids in every process and version, which makes it fit
   * for dataplane set names.
   */
  public String id() {
    String s = id;
    if (s == null) {
      try {
        byte[] d =
            MessageDigest.getInstance("SHA-256")
                .digest(root.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder(12);
        for (int i = 0; i < 6; i++) {
          hex.append(Character.forDigit((d[i] >> 4) & 0xf, 16))
              .append(Character.forDigit(d[i] & 0xf, 16));
        }
        s = hex.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
      id = s;
    }
    return s;
  }

  private static String requireKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("selector label key must not be empty");
    }
    for (int i = 0; i < key.length(); i++) {
      if (!SelectorParser.isKeyChar(key.charAt(i))) {
        throw new IllegalArgumentException(
            "selector label key '" + key + "' has a forbidden character at index " + i);
      }
    }
    return key;
  }

  private static String requireQuotable(String value) {
    if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
      throw new IllegalArgumentException(
          "selector value '" + value + "' holds both quote characters and cannot be written");
    }
    return value;
  }

  /** Equal when the normal forms are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Selector && ((Selector) o).root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  /** The canonical text, which {@link #parse} reads back to an equal selector. */
  @Override
  public String toString() {
    return root.toString();
  }
}
