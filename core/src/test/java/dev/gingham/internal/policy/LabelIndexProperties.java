package dev.gingham.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.policy.Labels;
import dev.gingham.policy.Selector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The label index against brute force: after any sequence of selector and entity changes, each
 * selector's matches are exactly the entities whose labels it matches, and the listener's reports
 * replay to the same sets.
 */
class LabelIndexProperties {
  private static final List<String> SELECTORS =
      List.of(
          "all()",
          "a == '1'",
          "a == '1' && b == '2'",
          "a != '1'",
          "has(b)",
          "!has(a)",
          "a in {'1', '2'} && c == '3'",
          "b == '2' || c == '3'",
          "global()",
          "a == '2' && !has(c)");

  /** One step: add/remove a selector, or put/remove an entity. */
  record Step(int kind, int selector, int entity, Map<String, String> labels) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(
                Arbitraries.of("a", "b", "c", Selector.NAMESPACE_LABEL),
                Arbitraries.of("1", "2", "3"))
            .ofMaxSize(3);
    return Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, SELECTORS.size() - 1),
            Arbitraries.integers().between(0, 7),
            labels)
        .as(Step::new)
        .list()
        .ofMaxSize(60);
  }

  @Property(tries = 1000)
  @Label("matches equal brute force after any sequence of changes, and reports replay to them")
  void agreesWithBruteForce(@ForAll("steps") List<Step> steps) {
    Map<Selector, Set<Integer>> reported = new HashMap<>();
    LabelIndex<Integer> index =
        new LabelIndex<>(
            (s, e, m) -> {
              Set<Integer> set = reported.computeIfAbsent(s, k -> new HashSet<>());
              assertThat(m ? set.add(e) : set.remove(e)).as("a report changes something").isTrue();
            });
    Set<Selector> selectors = new HashSet<>();
    Map<Integer, Labels> entities = new HashMap<>();
    for (Step st : steps) {
      Selector s = Selector.parse(SELECTORS.get(st.selector()));
      switch (st.kind()) {
        case 0:
          index.addSelector(s);
          selectors.add(s);
          break;
        case 1:
          index.removeSelector(s);
          selectors.remove(s);
          reported.remove(s);
          break;
        case 2:
          index.putEntity(st.entity(), Labels.of(st.labels()));
          entities.put(st.entity(), Labels.of(st.labels()));
          break;
        default:
          index.removeEntity(st.entity());
          entities.remove(st.entity());
      }
    }
    for (Selector s : selectors) {
      Set<Integer> expected = new HashSet<>();
      entities.forEach(
          (k, l) -> {
            if (s.matches(l)) {
              expected.add(k);
            }
          });
      assertThat(index.matches(s)).as("%s", s).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(reported.getOrDefault(s, Set.of())).containsExactlyInAnyOrderElementsOf(expected);
      for (Integer e : entities.keySet()) {
        assertThat(index.selectorsMatching(e).contains(s)).isEqualTo(expected.contains(e));
      }
    }
    assertThat(index.selectorCount()).isEqualTo(selectors.size());
  }
}
