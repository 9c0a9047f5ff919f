package dev.gingham.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A node of a selector's syntax tree, always in normal form: the factories flatten nested {@code
 * &&} and {@code ||}, sort and deduplicate their operands, drop {@code all()} from conjunctions,
 * cancel double negation and turn one-value {@code in} sets into {@code ==}. So two nodes are equal
 * exactly when their canonical texts are, and equality is text equality.
 */
abstract class SelectorNode {
  /**
   * The label a namespaced resource carries with its namespace's name; {@code global()} reads it.
   */
  static final String NAMESPACE_KEY = "projectcalico.org/namespace";

  private final String text;

  SelectorNode(String text) {
    this.text = text;
  }

  /** Whether labels match. Allocates nothing. */
  abstract boolean matches(Labels labels);

  /** Adds the label keys this node reads. */
  abstract void keys(Set<String> out);

  /** This node with every label key mapped. */
  abstract SelectorNode mapKeys(UnaryOperator<String> f);

  /** Binding strength when printed: 0 for ||, 1 for &&, 2 for the rest. */
  int precedence() {
    return 2;
  }

  /** Whether printing this under {@code !} needs parentheses. */
  boolean needsParensUnderNot() {
    return true;
  }

  @Override
  public final String toString() {
    return text;
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof SelectorNode && ((SelectorNode) o).text.equals(text);
  }

  @Override
  public final int hashCode() {
    return text.hashCode();
  }

  static String quote(String value) {
    return value.indexOf('"') < 0 ? '"' + value + '"' : '\'' + value + '\'';
  }

  // ---- factories, which normalise ----

  static SelectorNode all() {
    return All.INSTANCE;
  }

  static SelectorNode global() {
    return Global.INSTANCE;
  }

  static SelectorNode has(String key) {
    return new Has(key);
  }

  static SelectorNode compare(Op op, String key, String value) {
    return new Compare(op, key, value);
  }

  static SelectorNode in(String key, List<String> values, boolean negated) {
    TreeSet<String> sorted = new TreeSet<>(values);
    if (sorted.size() == 1) {
      return new Compare(negated ? Op.NE : Op.EQ, key, sorted.first());
    }
    return new In(key, sorted.toArray(new String[0]), negated);
  }

  static SelectorNode not(SelectorNode child) {
    if (child instanceof Not) {
      return ((Not) child).child;
    }
    return new Not(child);
  }

  static SelectorNode and(List<SelectorNode> operands) {
    TreeSet<SelectorNode> flat = new TreeSet<>((a, b) -> a.text.compareTo(b.text));
    for (SelectorNode n : operands) {
      if (n instanceof And) {
        flat.addAll(Arrays.asList(((And) n).operands));
      } else if (!(n instanceof All)) {
        flat.add(n);
      }
    }
    if (flat.isEmpty()) {
      return All.INSTANCE;
    }
    if (flat.size() == 1) {
      return flat.first();
    }
    return new And(flat.toArray(new SelectorNode[0]));
  }

  static SelectorNode or(List<SelectorNode> operands) {
    TreeSet<SelectorNode> flat = new TreeSet<>((a, b) -> a.text.compareTo(b.text));
    for (SelectorNode n : operands) {
      if (n instanceof All) {
        return All.INSTANCE;
      }
      if (n instanceof Or) {
        flat.addAll(Arrays.asList(((Or) n).operands));
      } else {
        flat.add(n);
      }
    }
    if (flat.size() == 1) {
      return flat.first();
    }
    return new Or(flat.toArray(new SelectorNode[0]));
  }

  /** The comparison operators. */
  enum Op {
    EQ("=="),
    NE("!="),
    STARTS_WITH("starts with"),
    ENDS_WITH("ends with"),
    CONTAINS("contains");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  // ---- the node types ----

  static final class All extends SelectorNode {
    static final All INSTANCE = new All();

    private All() {
      super("all()");
    }

    @Override
    boolean matches(Labels labels) {
      return true;
    }

    @Override
    void keys(Set<String> out) {}

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return this;
    }

    @Override
    boolean needsParensUnderNot() {
      return false;
    }
  }

  /** Matches resources that are not namespaced: those without {@link #NAMESPACE_KEY}. */
  static final class Global extends SelectorNode {
    static final Global INSTANCE = new Global();

    private Global() {
      super("global()");
    }

    @Override
    boolean matches(Labels labels) {
      return !labels.containsKey(NAMESPACE_KEY);
    }

    @Override
    void keys(Set<String> out) {
      out.add(NAMESPACE_KEY);
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return this;
    }

    @Override
    boolean needsParensUnderNot() {
      return false;
    }
  }

  static final class Has extends SelectorNode {
    final String key;

    Has(String key) {
      super("has(" + key + ")");
      this.key = key;
    }

    @Override
    boolean matches(Labels labels) {
      return labels.containsKey(key);
    }

    @Override
    void keys(Set<String> out) {
      out.add(key);
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return new Has(f.apply(key));
    }

    @Override
    boolean needsParensUnderNot() {
      return false;
    }
  }

  static final class Compare extends SelectorNode {
    final Op op;
    final String key;
    final String value;

    Compare(Op op, String key, String value) {
      super(key + " " + op.symbol + " " + quote(value));
      this.op = op;
      this.key = key;
      this.value = value;
    }

    @Override
    boolean matches(Labels labels) {
      String v = labels.get(key);
      switch (op) {
        case EQ:
          return v != null && v.equals(value);
        case NE:
          // Calico: != matches when the label is absent.
          return v == null || !v.equals(value);
        case STARTS_WITH:
          return v != null && v.startsWith(value);
        case ENDS_WITH:
          return v != null && v.endsWith(value);
        default:
          return v != null && v.contains(value);
      }
    }

    @Override
    void keys(Set<String> out) {
      out.add(key);
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return new Compare(op, f.apply(key), value);
    }
  }

  static final class In extends SelectorNode {
    final String key;
    final String[] values;
    final boolean negated;

    In(String key, String[] values, boolean negated) {
      super(key + (negated ? " not in {" : " in {") + join(values) + "}");
      this.key = key;
      this.values = values;
      this.negated = negated;
    }

    private static String join(String[] values) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < values.length; i++) {
        s.append(i == 0 ? "" : ", ").append(quote(values[i]));
      }
      return s.toString();
    }

    @Override
    boolean matches(Labels labels) {
      String v = labels.get(key);
      if (v == null) {
        // Calico: "not in" matches when the label is absent.
        return negated;
      }
      return (Arrays.binarySearch(values, v) >= 0) != negated;
    }

    @Override
    void keys(Set<String> out) {
      out.add(key);
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return new In(f.apply(key), values, negated);
    }
  }

  static final class Not extends SelectorNode {
    final SelectorNode child;

    Not(SelectorNode child) {
      super("!" + (child.needsParensUnderNot() ? "(" + child + ")" : child.toString()));
      this.child = child;
    }

    @Override
    boolean matches(Labels labels) {
      return !child.matches(labels);
    }

    @Override
    void keys(Set<String> out) {
      child.keys(out);
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return not(child.mapKeys(f));
    }

    @Override
    boolean needsParensUnderNot() {
      return false;
    }
  }

  /** A conjunction or disjunction: operands sorted, deduplicated and never themselves alike. */
  abstract static class Junction extends SelectorNode {
    final SelectorNode[] operands;

    Junction(SelectorNode[] operands, String separator, int precedence) {
      super(join(operands, separator, precedence));
      this.operands = operands;
    }

    @Override
    void keys(Set<String> out) {
      for (SelectorNode n : operands) {
        n.keys(out);
      }
    }

    /** The operands with their keys mapped. */
    List<SelectorNode> mapOperands(UnaryOperator<String> f) {
      List<SelectorNode> mapped = new ArrayList<>();
      for (SelectorNode n : operands) {
        mapped.add(n.mapKeys(f));
      }
      return mapped;
    }
  }

  static final class And extends Junction {
    And(SelectorNode[] operands) {
      super(operands, " && ", 1);
    }

    @Override
    boolean matches(Labels labels) {
      for (SelectorNode n : operands) {
        if (!n.matches(labels)) {
          return false;
        }
      }
      return true;
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return and(mapOperands(f));
    }

    @Override
    int precedence() {
      return 1;
    }
  }

  static final class Or extends Junction {
    Or(SelectorNode[] operands) {
      super(operands, " || ", 0);
    }

    @Override
    boolean matches(Labels labels) {
      for (SelectorNode n : operands) {
        if (n.matches(labels)) {
          return true;
        }
      }
      return false;
    }

    @Override
    SelectorNode mapKeys(UnaryOperator<String> f) {
      return or(mapOperands(f));
    }

    @Override
    int precedence() {
      return 0;
    }
  }

  private static String join(SelectorNode[] operands, String sep, int precedence) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < operands.length; i++) {
      SelectorNode n = operands[i];
      s.append(i == 0 ? "" : sep);
      if (n.precedence() < precedence) {
        s.append('(').append(n).append(')');
      } else {
        s.append(n);
      }
    }
    return s.toString();
  }

  /** Adds the {@code key == value} conjuncts every match must satisfy. */
  static void requiredLabels(SelectorNode n, Map<String, String> out) {
    if (n instanceof Compare && ((Compare) n).op == Op.EQ) {
      out.putIfAbsent(((Compare) n).key, ((Compare) n).value);
    } else if (n instanceof And) {
      for (SelectorNode c : ((And) n).operands) {
        requiredLabels(c, out);
      }
    }
  }
}
