package dev.gingham.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The stand-in node selector parser: canonical text, meaning, and strict refusal of the rest. */
class NodeSelectorProperties {
  /** A term as a test writes it: a key, its values, and whether it was written with "in". */
  record Term(String key, List<String> values, boolean in, String spaces) {
    String text() {
      if (!in) {
        return key + spaces + "==" + spaces + quote(values.get(0));
      }
      List<String> quoted = new ArrayList<>();
      values.forEach(v -> quoted.add(quote(v)));
      // "in" is a word: it needs white space between it and the key, as in the full language.
      String gap = spaces.isEmpty() ? " " : spaces;
      return key + gap + "in" + spaces + "{" + String.join("," + spaces, quoted) + "}";
    }

    private static String quote(String v) {
      return v.contains("'") ? "\"" + v + "\"" : "'" + v + "'";
    }

    boolean matches(Map<String, String> labels) {
      return labels.containsKey(key) && values.contains(labels.get(key));
    }
  }

  @Property(tries = 500)
  void parsesWhatItPrintsAndMeansWhatItSays(
      @ForAll("terms") List<Term> terms, @ForAll("labels") Map<String, String> labels) {
    List<String> parts = new ArrayList<>();
    terms.forEach(t -> parts.add(t.text()));
    String text = terms.isEmpty() ? "all()" : String.join(" && ", parts);
    NodeSelector selector = NodeSelector.parse(text);
    assertThat(NodeSelector.parse(selector.toString())).isEqualTo(selector);
    assertThat(selector.matches(labels)).isEqualTo(terms.stream().allMatch(t -> t.matches(labels)));
    assertThat(selector.selectsAll()).isEqualTo(terms.isEmpty());
  }

  @Property(tries = 1000)
  void garbageIsRefusedWithAMessageThatQuotesIt(@ForAll("garbage") String text) {
    try {
      NodeSelector selector = NodeSelector.parse(text);
      assertThat(NodeSelector.parse(selector.toString())).isEqualTo(selector);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("malformed node selector '");
    }
  }

  @Example
  void examples() {
    assertThat(NodeSelector.parse("  all ( )  ").selectsAll()).isTrue();
    NodeSelector s = NodeSelector.parse("zone=='a'&&rack in {\"1\",'2', '1'}");
    assertThat(s).hasToString("zone == 'a' && rack in {'1', '2'}");
    assertThat(s.matches(Map.of("zone", "a", "rack", "2"))).isTrue();
    assertThat(s.matches(Map.of("zone", "a"))).isFalse();
    assertThat(NodeSelector.parse("allowed == 'x'").matches(Map.of("allowed", "x"))).isTrue();
    assertThatThrownBy(() -> NodeSelector.parse("ain{'x'}"))
        .hasMessage(
            "malformed node selector 'ain{'x'}' at index 3: expected '==' or 'in' after label key"
                + " 'ain', found '{'");
    assertThatThrownBy(() -> NodeSelector.parse("zone != 'a'"))
        .hasMessage(
            "malformed node selector 'zone != 'a'' at index 5: only ==, 'in' and && are supported"
                + " until the policy selector language lands, found '!'");
    assertThatThrownBy(() -> NodeSelector.parse("zone == 'a"))
        .hasMessage(
            "malformed node selector 'zone == 'a' at index 8: unterminated quoted value, found '''");
    assertThatThrownBy(() -> NodeSelector.parse(""))
        .hasMessage("malformed node selector '' at index 0: expected a label key, found the end");
    assertThatThrownBy(() -> NodeSelector.parse("all() && zone == 'a'"))
        .hasMessage(
            "malformed node selector 'all() && zone == 'a'' at index 6: nothing may follow all(), found '&'");
    assertThatThrownBy(() -> NodeSelector.parse("x".repeat(4097)))
        .hasMessage("node selector is 4097 characters, more than the limit of 4096");
  }

  @Provide
  Arbitrary<List<Term>> terms() {
    Arbitrary<String> keys =
        Combinators.combine(
                Arbitraries.strings().withChars("abcxyzABC019").ofMinLength(1).ofMaxLength(1),
                Arbitraries.strings().withChars("abcxyz019-_./").ofMaxLength(12))
            .as((first, rest) -> first + rest);
    Arbitrary<String> values =
        Arbitraries.strings()
            .withChars("abc 019-_./'é☃")
            .ofMaxLength(8)
            .filter(v -> !(v.contains("'") && v.contains("\"")));
    return Combinators.combine(
            keys,
            values.list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.of(true, false),
            Arbitraries.of("", " ", "  ", "\t"))
        .as((k, vs, in, sp) -> new Term(k, in ? vs : vs.subList(0, 1), in, sp))
        .list()
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(
            Arbitraries.strings().withChars("abcxyz019").ofMinLength(1).ofMaxLength(2),
            Arbitraries.strings().withChars("abc 019'").ofMaxLength(2))
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("az=!&{}()',\" in").ofMaxLength(30),
        Arbitraries.strings().withChars("al()l &=z'").ofMaxLength(12));
  }
}
