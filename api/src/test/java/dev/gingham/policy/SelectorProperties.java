package dev.gingham.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Selectors against an independent oracle: random expression trees are printed with random spacing,
 * quoting and redundant parentheses, parsed, and must then match exactly the label sets the tree's
 * own evaluation matches; the canonical text must parse back to an equal selector. Garbage either
 * parses or fails with a {@link SelectorSyntaxException} inside the text.
 */
class SelectorProperties {
  private static final List<String> KEYS = List.of("app", "tier", "k8s.io/role", "x-y_z", "env");
  private static final List<String> VALUES = List.of("", "web", "db", "a.b", "front-end", "x y");

  /** A test-side expression: its own printer and its own evaluation. */
  interface Expr {
    String print(Random r);

    boolean eval(Map<String, String> labels);

    /** 0 for ||, 1 for &&, 2 for the rest. */
    default int prec() {
      return 2;
    }
  }

  static String sp(Random r) {
    return r.nextInt(3) == 0 ? "" : r.nextInt(4) == 0 ? "  " : " ";
  }

  static String q(Random r, String v) {
    return (r.nextBoolean() ? "\"" + v + "\"" : "'" + v + "'");
  }

  static String paren(Random r, Expr e, int needed) {
    String s = e.print(r);
    return e.prec() < needed || r.nextInt(6) == 0 ? "(" + sp(r) + s + sp(r) + ")" : s;
  }

  @Provide
  Arbitrary<Expr> exprs() {
    return expr(4);
  }

  private Arbitrary<Expr> expr(int depth) {
    Arbitrary<String> key = Arbitraries.of(KEYS);
    Arbitrary<String> value = Arbitraries.of(VALUES);
    List<Arbitrary<Expr>> leaves = new ArrayList<>();
    leaves.add(
        Arbitraries.just(
            new Expr() {
              public String print(Random r) {
                return "all(" + sp(r) + ")";
              }

              public boolean eval(Map<String, String> l) {
                return true;
              }
            }));
    leaves.add(
        Arbitraries.just(
            new Expr() {
              public String print(Random r) {
                return "global()";
              }

              public boolean eval(Map<String, String> l) {
                return !l.containsKey(Selector.NAMESPACE_LABEL);
              }
            }));
    leaves.add(
        key.map(
            k ->
                new Expr() {
                  public String print(Random r) {
                    return "has(" + sp(r) + k + sp(r) + ")";
                  }

                  public boolean eval(Map<String, String> l) {
                    return l.containsKey(k);
                  }
                }));
    leaves.add(
        Combinators.combine(key, value, Arbitraries.integers().between(0, 4))
            .as(
                (k, v, op) ->
                    new Expr() {
                      public String print(Random r) {
                        String[] ops = {"==", "!=", "starts with", "ends with", "contains"};
                        return k + (op < 2 ? sp(r) : " " + sp(r)) + ops[op] + sp(r) + q(r, v);
                      }

                      public boolean eval(Map<String, String> l) {
                        String x = l.get(k);
                        switch (op) {
                          case 0:
                            return v.equals(x);
                          case 1:
                            return !v.equals(x);
                          case 2:
                            return x != null && x.startsWith(v);
                          case 3:
                            return x != null && x.endsWith(v);
                          default:
                            return x != null && x.contains(v);
                        }
                      }
                    }));
    leaves.add(
        Combinators.combine(key, value.list().ofMaxSize(4), Arbitraries.of(true, false))
            .as(
                (k, vs, neg) ->
                    new Expr() {
                      public String print(Random r) {
                        StringBuilder s =
                            new StringBuilder(k).append(neg ? " not in" : " in").append(sp(r));
                        s.append('{').append(sp(r));
                        for (int i = 0; i < vs.size(); i++) {
                          s.append(i == 0 ? "" : "," + sp(r)).append(q(r, vs.get(i)));
                        }
                        return s.append(sp(r)).append('}').toString();
                      }

                      public boolean eval(Map<String, String> l) {
                        String x = l.get(k);
                        return neg ? x == null || !vs.contains(x) : x != null && vs.contains(x);
                      }
                    }));
    Arbitrary<Expr> leaf = Arbitraries.oneOf(leaves);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
    Arbitrary<Expr> not =
        sub.map(
            e ->
                new Expr() {
                  public String print(Random r) {
                    return "!" + sp(r) + paren(r, e, 2);
                  }

                  public boolean eval(Map<String, String> l) {
                    return !e.eval(l);
                  }
                });
    Arbitrary<Expr> and =
        sub.list()
            .ofMinSize(2)
            .ofMaxSize(3)
            .map(
                es ->
                    new Expr() {
                      public String print(Random r) {
                        StringBuilder s = new StringBuilder();
                        for (int i = 0; i < es.size(); i++) {
                          s.append(i == 0 ? "" : sp(r) + "&&" + sp(r))
                              .append(paren(r, es.get(i), 2));
                        }
                        return s.toString();
                      }

                      public boolean eval(Map<String, String> l) {
                        return es.stream().allMatch(e -> e.eval(l));
                      }

                      public int prec() {
                        return 1;
                      }
                    });
    Arbitrary<Expr> or =
        sub.list()
            .ofMinSize(2)
            .ofMaxSize(3)
            .map(
                es ->
                    new Expr() {
                      public String print(Random r) {
                        StringBuilder s = new StringBuilder();
                        for (int i = 0; i < es.size(); i++) {
                          s.append(i == 0 ? "" : sp(r) + "||" + sp(r))
                              .append(paren(r, es.get(i), 1));
                        }
                        return s.toString();
                      }

                      public boolean eval(Map<String, String> l) {
                        return es.stream().anyMatch(e -> e.eval(l));
                      }

                      public int prec() {
                        return 0;
                      }
                    });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, leaf),
        net.jqwik.api.Tuple.of(1, not),
        net.jqwik.api.Tuple.of(2, and),
        net.jqwik.api.Tuple.of(2, or));
  }

  @Provide
  Arbitrary<Map<String, String>> labelSets() {
    Arbitrary<String> values =
        Arbitraries.of("web", "db", "a.b", "front-end", "", "webby", "dbweb");
    return Arbitraries.maps(Arbitraries.of(KEYS), values)
        .ofMaxSize(4)
        .flatMap(
            m ->
                Arbitraries.of(true, false)
                    .map(
                        ns -> {
                          Map<String, String> copy = new HashMap<>(m);
                          if (ns) {
                            copy.put(Selector.NAMESPACE_LABEL, "prod");
                          }
                          return copy;
                        }));
  }

  @Provide
  Arbitrary<List<Map<String, String>>> labelSetLists() {
    return labelSets().list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 3000)
  @Label("a parsed selector matches exactly what the expression's own evaluation matches")
  void parsedSelectorAgreesWithOracle(
      @ForAll("exprs") Expr expr,
      @ForAll("labelSetLists") List<Map<String, String>> labelSets,
      @ForAll long seed) {
    String text = expr.print(new Random(seed));
    Selector s = Selector.parse(text);
    for (Map<String, String> l : labelSets) {
      Labels labels = labelsOf(l);
      assertThat(s.matches(labels))
          .as("%s (canonical %s) on %s", text, s, l)
          .isEqualTo(expr.eval(l));
    }
  }

  @Property(tries = 3000)
  @Label("print then parse gives the same selector, the same text and the same id")
  void canonicalTextRoundTrips(@ForAll("exprs") Expr expr, @ForAll long seed) {
    Selector s = Selector.parse(expr.print(new Random(seed)));
    Selector again = Selector.parse(s.toString());
    assertThat(again).isEqualTo(s);
    assertThat(again.toString()).isEqualTo(s.toString());
    assertThat(again.id()).isEqualTo(s.id());
    // Another random printing of the same tree normalises to the same selector.
    assertThat(Selector.parse(expr.print(new Random(seed + 1)))).isEqualTo(s);
  }

  @Property(tries = 1000)
  @Label("keys() covers every label a match depends on")
  void keysCoverDependencies(
      @ForAll("exprs") Expr expr, @ForAll("labelSets") Map<String, String> l, @ForAll long seed) {
    Selector s = Selector.parse(expr.print(new Random(seed)));
    Map<String, String> other = new HashMap<>(l);
    other.put("unrelated-key", "v");
    other.remove("never-read");
    for (String k : KEYS) {
      if (!s.keys().contains(k)) {
        other.remove(k);
      }
    }
    // Removing labels the selector does not read cannot change the outcome.
    Map<String, String> reduced = new HashMap<>(l);
    reduced.keySet().removeIf(k -> !s.keys().contains(k));
    assertThat(s.matches(labelsOf(reduced))).isEqualTo(s.matches(labelsOf(l)));
  }

  @Property(tries = 1000)
  @Label("requiredLabels are necessary for a match")
  void requiredLabelsAreNecessary(
      @ForAll("exprs") Expr expr, @ForAll("labelSets") Map<String, String> l, @ForAll long seed) {
    Selector s = Selector.parse(expr.print(new Random(seed)));
    if (s.matches(labelsOf(l))) {
      s.requiredLabels().forEach((k, v) -> assertThat(l).containsEntry(k, v));
    }
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> alphabet =
        Arbitraries.strings().withChars("ab=!&|(){}\"', .in/-has()allglobal").ofMaxLength(40);
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<String> mutated =
        Combinators.combine(exprs(), Arbitraries.longs(), Arbitraries.integers().between(0, 1000))
            .as(
                (e, seed, at) -> {
                  String s = e.print(new Random(seed));
                  if (s.isEmpty()) {
                    return s;
                  }
                  int i = at % s.length();
                  return at % 2 == 0
                      ? s.substring(0, i) + s.substring(i + 1)
                      : s.substring(0, i) + "!&|({'\"".charAt(at % 7) + s.substring(i);
                });
    return Arbitraries.oneOf(alphabet, anything, mutated);
  }

  @Property(tries = 20_000)
  @Label("garbage parses or throws SelectorSyntaxException at a position inside the text")
  void garbageIsRejectedCleanly(@ForAll("garbage") String text) {
    try {
      Selector s = Selector.parse(text);
      Statistics.collect("accepted");
      assertThat(Selector.parse(s.toString())).isEqualTo(s);
    } catch (SelectorSyntaxException e) {
      Statistics.collect("rejected");
      assertThat(e.position()).isBetween(0, text.length());
      assertThat(e.getMessage()).startsWith("selector '").contains(": at " + e.position() + ": ");
      assertThat(e.text()).isEqualTo(text);
    }
  }

  @Property(tries = 200)
  @Label("deep nesting is refused, not a stack overflow")
  void deepNestingIsRefused(@ForAll("depths") int depth, @ForAll boolean bang) {
    String open = (bang ? "!" : "(").repeat(depth);
    String text = open + "a == 'x'" + (bang ? "" : ")".repeat(depth));
    Predicate<String> ok =
        t -> {
          try {
            Selector.parse(t);
            return true;
          } catch (SelectorSyntaxException e) {
            assertThat(e.getMessage()).contains("nesting deeper than");
            return false;
          }
        };
    assertThat(ok.test(text)).isEqualTo(depth < SelectorParser.MAX_DEPTH);
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.oneOf(Arbitraries.integers().between(1, 150), Arbitraries.just(30_000));
  }

  @Property(tries = 10)
  void overlongTextIsRefused(@ForAll("depths") int ignored) {
    String text = "a == 'x' || ".repeat(SelectorParser.MAX_LENGTH / 8) + "b == 'y'";
    assertThatThrownBy(() -> Selector.parse(text))
        .isInstanceOf(SelectorSyntaxException.class)
        .hasMessageContaining("at most");
  }

  private static Labels labelsOf(Map<String, String> l) {
    return Labels.of(l);
  }
}
