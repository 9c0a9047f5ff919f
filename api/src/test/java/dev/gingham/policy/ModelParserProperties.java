package dev.gingham.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The model's small parsers (ports, protocols, actions, policy types, labels): what they print they
 * read back, and garbage fails with an IllegalArgumentException that quotes it.
 */
class ModelParserProperties {

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789:-abcXYZ_ ./").ofMaxLength(12),
        Arbitraries.strings().all().ofMaxLength(12));
  }

  @Property(tries = 3000)
  @Label("ports print and parse back")
  void portsRoundTrip(
      @ForAll @IntRange(min = 0, max = 65535) int a,
      @ForAll @IntRange(min = 0, max = 65535) int b) {
    Port p = Port.range(Math.min(a, b), Math.max(a, b));
    assertThat(Port.parse(p.toString())).isEqualTo(p);
    assertThat(Port.parse(Integer.toString(a))).isEqualTo(Port.of(a));
  }

  @Property(tries = 10_000)
  @Label(
      "garbage ports, protocols, actions and types fail with IllegalArgumentException quoting them")
  void garbageIsRejected(@ForAll("garbage") String text) {
    check(() -> Port.parse(text), text);
    check(() -> Protocol.parse(text), text);
    check(() -> Action.parse(text), text);
    check(() -> PolicyType.parse(text), text);
    check(() -> Labels.of(Map.of(text, "v")), text);
    check(() -> Labels.of(Map.of("k", text)), text);
  }

  private static void check(Runnable parse, String text) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      if (!text.isEmpty()) {
        assertThat(e.getMessage()).contains(text.length() > 63 ? "" : text);
      }
    }
  }

  @Property(tries = 1000)
  @Label("protocols print and parse back")
  void protocolsRoundTrip(@ForAll @IntRange(min = 0, max = 255) int n) {
    Protocol p = Protocol.of(n);
    assertThat(Protocol.parse(p.toString())).isEqualTo(p);
  }

  @Property(tries = 1000)
  @Label("valid labels are kept, sorted, and equal labels are equal")
  void labels(@ForAll("labelMaps") Map<String, String> m) {
    Labels l = Labels.of(m);
    assertThat(l.asMap()).isEqualTo(m);
    assertThat(Labels.of(l.asMap())).isEqualTo(l).hasSameHashCodeAs(l);
    m.forEach((k, v) -> assertThat(l.get(k)).isEqualTo(v));
  }

  @Provide
  Arbitrary<Map<String, String>> labelMaps() {
    Arbitrary<String> name = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> key =
        Arbitraries.oneOf(name, name.map(n -> "example.com/" + n), name.map(n -> "a-b.c/" + n));
    return Arbitraries.maps(key, Arbitraries.oneOf(name, Arbitraries.just(""))).ofMaxSize(6);
  }
}
