package dev.gingham.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv6Address;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The IPv6 ranges ({@link RangeFib}) against the linear-scan reference, on chunks dense enough to
 * need index levels: up to 300 prefixes in one or two /16s, from /17 to /128, with the default
 * route and short prefixes that change the chunks' background, inserted one at a time (each
 * rebuilding its chunk), then half of them removed. Every prefix's first and last address and their
 * neighbours are looked up, single and batched, after each phase; a chunk of at most {@link
 * RangeFib#MAX_PREFIXES} prefixes must be answered by the ranges, a denser one by the Poptrie.
 */
class RangeFibProperties {
  private static final String[] VALUES = {"a", "b", "c", "d", "e", "f", "g"};

  /** Two /16 chunks next to each other, and one far away. */
  private static final long[] CHUNKS = {
    0x2001_0000_0000_0000L, 0x2002_0000_0000_0000L, 0xFD00_0000_0000_0000L
  };

  record Change(IpPrefix prefix, String value) {}

  @Property(tries = 60)
  void denseChunksAgreeWithTheReference(@ForAll("changes") List<Change> changes) {
    PoptriePrefixMap<String> map = new PoptriePrefixMap<>(64);
    PrefixMapModelProperties.Model model = new PrefixMapModelProperties.Model();
    for (Change c : changes) {
      map.put(c.prefix(), c.value());
      model.entries.put(c.prefix(), c.value());
    }
    checkAll(map, model);
    List<IpPrefix> all = new ArrayList<>(model.entries.keySet());
    for (int i = 0; i < all.size(); i += 2) {
      map.remove(all.get(i));
      model.entries.remove(all.get(i));
    }
    checkAll(map, model);
    map.compact();
    checkAll(map, model);
  }

  private static void checkAll(PoptriePrefixMap<String> map, PrefixMapModelProperties.Model model) {
    List<Ipv6Address> probes = new ArrayList<>();
    for (long chunk : CHUNKS) {
      probes.add(Ipv6Address.of(chunk, 0));
      probes.add(Ipv6Address.of(chunk | 0xFFFF_FFFF_FFFFL, -1L));
    }
    for (IpPrefix p : model.entries.keySet()) {
      probes.add((Ipv6Address) p.first());
      probes.add((Ipv6Address) p.last());
      if (!p.first().isUnspecified()) {
        probes.add((Ipv6Address) p.first().previous());
      }
      if (!p.last().equals(IpPrefix.ofMasking(p.last(), 0).last())) {
        probes.add((Ipv6Address) p.last().next());
      }
    }
    int n = probes.size();
    long[] highs = new long[n];
    long[] lows = new long[n];
    String[] expected = new String[n];
    for (int i = 0; i < n; i++) {
      highs[i] = probes.get(i).high();
      lows[i] = probes.get(i).low();
      expected[i] = model.longestMatch(probes.get(i));
      assertThat(map.longestMatch(highs[i], lows[i]))
          .as("longest match of %s", probes.get(i))
          .isEqualTo(expected[i]);
    }
    String[] out = new String[n];
    map.longestMatches(highs, lows, n, out);
    for (int i = 0; i < n; i++) {
      assertThat(out[i]).as("batched match of %s", probes.get(i)).isEqualTo(expected[i]);
    }
    RangeFib ranges = map.ipv6Ranges();
    for (long chunk : CHUNKS) {
      int d = (int) (chunk >>> 48);
      long inChunk =
          model.entries.keySet().stream()
              .filter(p -> p.length() > RangeFib.DIRECT)
              .filter(p -> ((Ipv6Address) p.network()).high() >>> 48 == d)
              .count();
      assertThat(ranges.answers(d))
          .as("chunk %x with %d prefixes has ranges", d, inChunk)
          .isEqualTo(inChunk <= RangeFib.MAX_PREFIXES);
    }
  }

  @Provide
  Arbitrary<List<Change>> changes() {
    Arbitrary<Integer> lengths =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(17, 64)),
            Tuple.of(1, Arbitraries.integers().between(65, 128)),
            Tuple.of(1, Arbitraries.of(0, 3, 8, 16, 48, 64, 128)));
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            changes(Arbitraries.of(CHUNKS[0], CHUNKS[1], CHUNKS[2]), lengths)
                .list()
                .ofMinSize(1)
                .ofMaxSize(120)),
        // One chunk, with about as many prefixes as the ranges take before the Poptrie answers.
        Tuple.of(
            1, changes(Arbitraries.just(CHUNKS[0]), lengths).list().ofMinSize(200).ofMaxSize(300)));
  }

  private static Arbitrary<Change> changes(Arbitrary<Long> chunks, Arbitrary<Integer> lengths) {
    Arbitrary<Long> highs =
        Combinators.combine(
                chunks,
                // Clustered: the bits below the chunk mostly from a few values, so prefixes nest.
                Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.longs().between(0, 15).map(x -> x << 36)),
                    Tuple.of(2, Arbitraries.longs().between(0, 255).map(x -> x << 24)),
                    Tuple.of(1, Arbitraries.longs().between(0, (1L << 48) - 1))))
            .as((c, x) -> c | x);
    Arbitrary<IpPrefix> prefixes =
        Combinators.combine(highs, Arbitraries.longs(), lengths)
            .as((h, l, len) -> IpPrefix.ofMasking(Ipv6Address.of(h, l), len));
    return Combinators.combine(prefixes, Arbitraries.of(VALUES)).as(Change::new);
  }
}
