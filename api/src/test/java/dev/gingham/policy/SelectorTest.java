package dev.gingham.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static final Labels WEB = Labels.of("app", "web", "tier", "front");
  private static final Labels NONE = Labels.empty();

  @Test
  void notEqualAndNotInMatchWhenTheLabelIsAbsent() {
    assertThat(Selector.parse("app != 'db'").matches(NONE)).isTrue();
    assertThat(Selector.parse("app not in {'db', 'x'}").matches(NONE)).isTrue();
    assertThat(Selector.parse("app == 'db'").matches(NONE)).isFalse();
    assertThat(Selector.parse("app in {'db', 'x'}").matches(NONE)).isFalse();
    assertThat(Selector.parse("app starts with 'w'").matches(NONE)).isFalse();
    assertThat(Selector.parse("app starts with 'w'").matches(WEB)).isTrue();
    assertThat(Selector.parse("app ends with 'eb'").matches(WEB)).isTrue();
    assertThat(Selector.parse("app contains 'e'").matches(WEB)).isTrue();
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    // a || (b && c), not (a || b) && c
    Selector s = Selector.parse("app == 'web' || tier == 'back' && has(x)");
    assertThat(s.matches(WEB)).isTrue();
    assertThat(s).isEqualTo(Selector.parse("(tier == 'back' && has(x)) || app == 'web'"));
    Selector n = Selector.parse("!has(app) && has(tier)");
    assertThat(n.matches(WEB)).isFalse();
    assertThat(n.matches(Labels.of("tier", "x"))).isTrue();
    assertThat(n.toString()).isEqualTo("!has(app) && has(tier)");
  }

  @Test
  void normalFormSortsFlattensAndDeduplicates() {
    Selector a = Selector.parse("b == 'x' && (a == 'y' && b == \"x\")");
    Selector b = Selector.parse("  a=='y'&&b=='x'  ");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).isEqualTo("a == \"y\" && b == \"x\"");
    assertThat(a.id()).isEqualTo(b.id());
    assertThat(Selector.parse("!!has(a)")).isEqualTo(Selector.has("a"));
    assertThat(Selector.parse("a in {'x'}")).isEqualTo(Selector.equal("a", "x"));
    assertThat(Selector.parse("a in {'y', 'x', 'y'}").toString()).isEqualTo("a in {\"x\", \"y\"}");
    assertThat(Selector.parse("all() && has(a)")).isEqualTo(Selector.has("a"));
    assertThat(Selector.parse("all() || has(a)")).isEqualTo(Selector.ALL);
    assertThat(Selector.parse("")).isEqualTo(Selector.ALL);
    assertThat(Selector.parse("a == 'it\"s'").toString()).isEqualTo("a == 'it\"s'");
  }

  @Test
  void idIsTwelveHexDigitsOfTheCanonicalTextsSha256() throws Exception {
    Selector s = Selector.parse("tier=='front'&&app=='web'");
    byte[] d =
        MessageDigest.getInstance("SHA-256")
            .digest("app == \"web\" && tier == \"front\"".getBytes(StandardCharsets.UTF_8));
    assertThat(s.id()).isEqualTo(HexFormat.of().formatHex(d).substring(0, 12));
    assertThat(s.id()).isNotEqualTo(Selector.parse("app == 'web'").id());
  }

  @Test
  void globalMatchesWhatHasNoNamespace() {
    assertThat(Selector.GLOBAL.matches(WEB)).isTrue();
    assertThat(Selector.GLOBAL.matches(WEB.with(Selector.NAMESPACE_LABEL, "prod"))).isFalse();
  }

  @Test
  void keyPrefixAndComposition() {
    Selector ns = Selector.parse("team == 'a' || global()").withKeyPrefix("pcns.");
    assertThat(ns.toString()).isEqualTo("global() || pcns.team == \"a\"");
    assertThat(Selector.has("a").and(Selector.has("b")))
        .isEqualTo(Selector.parse("has(b) && has(a)"));
    assertThat(Selector.anyOf(List.of()).matches(WEB)).isFalse();
    assertThat(Selector.parse("has(a) && a == 'x' && b == 'y'").requiredLabels())
        .containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of("a", "x", "b", "y")));
    assertThat(Selector.parse("a == 'x' || b == 'y'").requiredLabels()).isEmpty();
  }

  @Test
  void errorsSayWhereAndWhatWasExpected() {
    assertThatThrownBy(() -> Selector.parse("app == "))
        .isInstanceOf(SelectorSyntaxException.class)
        .hasMessage("selector 'app == ': at 7: expected a quoted string");
    assertThatThrownBy(() -> Selector.parse("app = 'x'"))
        .hasMessageContaining("at 4: expected an operator after 'app'");
    assertThatThrownBy(() -> Selector.parse("(has(a)"))
        .hasMessage("selector '(has(a)': at 7: expected ')'");
    assertThatThrownBy(() -> Selector.parse("a in {'x' 'y'}"))
        .hasMessageContaining("at 10: expected ',' or '}'");
    assertThatThrownBy(() -> Selector.parse("a == 'x' b == 'y'"))
        .hasMessageContaining("at 9: expected '&&', '||' or the end");
    assertThatThrownBy(() -> Selector.parse("foo(a)")).hasMessageContaining("found 'foo('");
    assertThatThrownBy(() -> Selector.parse("a == 'x")).hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> Selector.parse("a not 'x'")).hasMessageContaining("expected 'in'");
  }

  @Test
  void labelsAreValidated() {
    assertThat(Labels.of("k8s.io/app", "web").get("k8s.io/app")).isEqualTo("web");
    assertThatThrownBy(() -> Labels.of("", "x")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> Labels.of("Bad_Prefix/x", "y")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> Labels.of("app", "-web")).hasMessageContaining("value '-web'");
    assertThatThrownBy(() -> Labels.of("app", "x".repeat(64))).hasMessageContaining("63");
    assertThatThrownBy(() -> Labels.of("a", "b", "a", "c")).hasMessageContaining("twice");
    assertThat(Labels.of("b", "1", "a", "2").toString()).isEqualTo("{a=2, b=1}");
  }
}
