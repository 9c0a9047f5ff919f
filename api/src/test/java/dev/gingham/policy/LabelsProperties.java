package dev.gingham.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Labels#with} and {@link Labels#overlay}, which insert into and merge the sorted arrays,
 * against the same operations on a map read back by {@link Labels#of(Map)}; and any text as a key
 * or value is either taken by both {@code with} and {@code of} or refused by both, leaving the
 * labels as they were.
 */
class LabelsProperties {
  private static final List<String> KEYS =
      List.of("app", "tier", "k8s.io/role", "x-y_z", "env", "projectcalico.org/namespace", "a");
  private static final List<String> VALUES = List.of("", "web", "db", "a.b", "front-end", "z");

  @Provide
  Arbitrary<Map<String, String>> labelMaps() {
    return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(KEYS);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of(VALUES);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.of(KEYS),
        Arbitraries.strings().withChars("aZ9-_./ ").ofMaxLength(70),
        Arbitraries.strings().all().ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab9-.").ofMinLength(0).ofMaxLength(12),
        Arbitraries.strings().withChars("a.").ofMinLength(60).ofMaxLength(70),
        Arbitraries.of("k8s.io", "projectcalico.org", "a", "a-b.c", "-a", "a.", ".a", "a..b"));
  }

  @Property(tries = 2000)
  @Label("a key's prefix is taken exactly when an independent pattern calls it a DNS subdomain")
  void aPrefixIsTakenExactlyWhenItIsADnsSubdomain(@ForAll("prefixes") String prefix) {
    String label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    boolean subdomain =
        !prefix.isEmpty()
            && prefix.length() <= 253
            && prefix.matches(label + "(\\." + label + ")*")
            && java.util.Arrays.stream(prefix.split("\\.")).allMatch(p -> p.length() <= 63);
    String key = prefix + "/name";
    if (subdomain) {
      assertThat(Labels.requireKey(key)).isEqualTo(key);
      assertThat(Labels.empty().with(key, "v").get(key)).isEqualTo("v");
    } else {
      assertThatThrownBy(() -> Labels.empty().with(key, "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + prefix + "'");
    }
  }

  @Property(tries = 1000)
  @Label("with(k, v) equals the map with k put to v")
  void withEqualsAPutIntoTheMap(
      @ForAll("labelMaps") Map<String, String> m,
      @ForAll("keys") String key,
      @ForAll("values") String value) {
    Labels before = Labels.of(m);
    Map<String, String> expected = put(m, key, value);

    Labels after = before.with(key, value);

    assertThat(after).isEqualTo(Labels.of(expected));
    assertThat(after.asMap()).containsExactlyEntriesOf(new TreeMap<>(expected));
    assertThat(after.toString()).isEqualTo(Labels.of(expected).toString());
    assertThat(before).isEqualTo(Labels.of(m)); // unchanged
  }

  @Property(tries = 1000)
  @Label("a.overlay(b) equals a's map with b's entries put over it")
  void overlayEqualsAMapMerge(
      @ForAll("labelMaps") Map<String, String> a, @ForAll("labelMaps") Map<String, String> b) {
    Map<String, String> expected = new TreeMap<>(a);
    expected.putAll(b);

    Labels merged = Labels.of(a).overlay(Labels.of(b));

    assertThat(merged).isEqualTo(Labels.of(expected));
    assertThat(merged.asMap()).containsExactlyEntriesOf(new TreeMap<>(expected));
    assertThat(merged.size()).isEqualTo(expected.size());
    expected.forEach((k, v) -> assertThat(merged.get(k)).isEqualTo(v));
  }

  @Property(tries = 1000)
  @Label(
      "any key or value is taken by with exactly when of takes it, and a refusal changes nothing")
  void withRefusesWhatOfRefuses(
      @ForAll("labelMaps") Map<String, String> m,
      @ForAll("anyText") String key,
      @ForAll("anyText") String value) {
    Labels before = Labels.of(m);
    Labels expected;
    try {
      expected = Labels.of(put(m, key, value));
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(() -> before.with(key, value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(refused.getMessage());
      assertThat(before).isEqualTo(Labels.of(m));
      return;
    }
    assertThat(before.with(key, value)).isEqualTo(expected);
  }

  /** A sorted copy of {@code m} with {@code key} put to {@code value}. */
  private static Map<String, String> put(Map<String, String> m, String key, String value) {
    Map<String, String> out = new TreeMap<>(m);
    out.put(key, value);
    return out;
  }
}
