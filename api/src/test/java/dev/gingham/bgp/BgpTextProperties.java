package dev.gingham.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The text forms of AS paths and communities: round trips and garbage. */
class BgpTextProperties {
  @Provide
  Arbitrary<AsPath> paths() {
    Arbitrary<AsPathSegment> seg =
        Combinators.combine(
                Arbitraries.of(AsPathSegment.Type.values()),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).list().ofMinSize(1).ofMaxSize(6))
            .as((t, l) -> AsPathSegment.of(t, l.stream().mapToLong(Long::longValue).toArray()));
    // Adjacent sequences print as one; generate paths whose segments alternate so text is exact.
    return seg.list()
        .ofMaxSize(5)
        .map(AsPath::of)
        .filter(
            p -> {
              for (int i = 1; i < p.segments().size(); i++) {
                if (p.segments().get(i).type() == AsPathSegment.Type.AS_SEQUENCE
                    && p.segments().get(i - 1).type() == AsPathSegment.Type.AS_SEQUENCE) {
                  return false;
                }
              }
              return true;
            });
  }

  @Property
  void asPathTextRoundTrips(@ForAll("paths") AsPath path) {
    assertThat(AsPath.parse(path.toString())).isEqualTo(path);
  }

  @Property
  void communityTextRoundTrips(@ForAll int bits) {
    assertThat(Community.parse(Community.of(bits).toString())).isEqualTo(Community.of(bits));
  }

  @Property
  void largeCommunityTextRoundTrips(@ForAll int a, @ForAll int b, @ForAll int c) {
    LargeCommunity l = LargeCommunity.ofBits(a, b, c);
    assertThat(LargeCommunity.parse(l.toString())).isEqualTo(l);
  }

  @Property(tries = 2000)
  void garbageIsRejectedWithTheTextQuoted(@ForAll String text) {
    for (Runnable parse :
        new Runnable[] {
          () -> AsPath.parse(text), () -> Community.parse(text), () -> LargeCommunity.parse(text)
        }) {
      try {
        parse.run();
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage())
            .contains(text.length() > 0 ? text.substring(0, Math.min(3, text.length())) : "''");
      }
    }
  }

  @Property(tries = 50)
  void outOfRangeAsNumbersAreRejected(@ForAll long asn) {
    if (asn >= 0 && asn <= 0xFFFF_FFFFL) {
      assertThat(AsPath.sequence(asn).pathLength()).isEqualTo(1);
    } else {
      assertThatThrownBy(() -> AsPath.sequence(asn)).hasMessageContaining(Long.toString(asn));
    }
  }
}
