package dev.gingham.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the properties: addresses biased towards the interesting values (zero runs,
 * IPv4-mapped, the ends of the range), every text form that RFC 4291 allows for a value, and
 * near-valid garbage.
 */
final class NetArbitraries {
  /** A text that the parsers must accept, and the value it must give. */
  record Rendered(String text, IpAddress value) {
    @Override
    public String toString() {
      return "'" + text + "' = " + value;
    }
  }

  /** Characters that garbage is made of: the grammar's own, and lookalikes that must fail. */
  static final String GARBAGE_CHARS =
      "0123456789abcdefABCDEFxXgG.:%/ \t[]-+_\u0661\uFF10\u00B2\u2024\uFF1A\u0000";

  private NetArbitraries() {}

  static Arbitrary<Ipv4Address> ipv4() {
    return Arbitraries.<Ipv4Address>frequencyOf(
        Tuple.of(6, Arbitraries.integers().map(Ipv4Address::of)),
        Tuple.of(
            2,
            Arbitraries.of(0, -1, 0x7F000001, 0x0A000000, 0xC0A80101, 0xA9FE0001, 0xE0000001)
                .map(Ipv4Address::of)),
        // Octets near the digit-count boundaries: 0, 9, 10, 99, 100, 255.
        Tuple.of(
            2,
            Arbitraries.of(0, 9, 10, 99, 100, 199, 200, 249, 250, 255)
                .list()
                .ofSize(4)
                .map(
                    o ->
                        Ipv4Address.of(
                            o.get(0) << 24 | o.get(1) << 16 | o.get(2) << 8 | o.get(3)))));
  }

  /** IPv6 values built group by group, with many zero groups so that runs of every length occur. */
  static Arbitrary<Ipv6Address> ipv6() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.of(1, 0xFFFF, 0xF, 0x10, 0xFFF, 0x1000)),
            Tuple.of(5, Arbitraries.integers().between(0, 0xFFFF)));
    Arbitrary<Ipv6Address> grouped =
        group
            .list()
            .ofSize(8)
            .map(
                g -> {
                  long high = 0;
                  long low = 0;
                  for (int i = 0; i < 4; i++) {
                    high = high << 16 | g.get(i);
                    low = low << 16 | g.get(i + 4);
                  }
                  return Ipv6Address.of(high, low);
                });
    Arbitrary<Ipv6Address> mapped = ipv4().map(Ipv6Address::ipv4Mapped);
    Arbitrary<Ipv6Address> random =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::of);
    Arbitrary<Ipv6Address> edges =
        Combinators.combine(edgeLongs(), edgeLongs()).as(Ipv6Address::of);
    return Arbitraries.frequencyOf(
        Tuple.of(6, grouped), Tuple.of(2, mapped), Tuple.of(1, random), Tuple.of(1, edges));
  }

  static Arbitrary<Long> edgeLongs() {
    return Arbitraries.of(
        0L, 1L, 2L, -1L, -2L, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL, 0x1_0000_0000L);
  }

  static Arbitrary<IpAddress> addresses() {
    return Arbitraries.oneOf(ipv4(), ipv6());
  }

  /** The canonical text of every kind of address, and the IPv6 texts in all their forms. */
  static Arbitrary<Rendered> renderedAddresses() {
    return Arbitraries.oneOf(
        ipv4().map(a -> new Rendered(canonicalIpv4(a.toInt()), a)), renderedIpv6());
  }

  /**
   * An IPv6 value in any text form RFC 4291 allows: any run of zero groups (or none) compressed,
   * hex digits in random case with random leading zeros, and sometimes a dotted quad for the last
   * 32 bits.
   */
  static Arbitrary<Rendered> renderedIpv6() {
    return Combinators.combine(ipv6(), Arbitraries.randoms())
        .as((value, random) -> new Rendered(renderIpv6(value, random), value));
  }

  static String renderIpv6(Ipv6Address value, Random random) {
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (value.high() >>> (48 - 16 * i)) & 0xFFFF;
      g[i + 4] = (int) (value.low() >>> (48 - 16 * i)) & 0xFFFF;
    }
    boolean mixed = random.nextInt(3) == 0;
    int hexGroups = mixed ? 6 : 8;
    // Pick a run of zero groups to compress, of any length >= 1, or none.
    int runStart = -1;
    int runLength = 0;
    List<Integer> zeros = new ArrayList<>();
    for (int i = 0; i < hexGroups; i++) {
      if (g[i] == 0) {
        zeros.add(i);
      }
    }
    if (!zeros.isEmpty() && random.nextInt(4) != 0) {
      runStart = zeros.get(random.nextInt(zeros.size()));
      int max = 0;
      while (runStart + max < hexGroups && g[runStart + max] == 0) {
        max++;
      }
      runLength = random.nextInt(3) == 0 ? 1 + random.nextInt(max) : max;
      // Extend to the left sometimes, so that runs do not always start at a chosen zero.
      while (runStart > 0 && g[runStart - 1] == 0 && random.nextBoolean()) {
        runStart--;
        runLength++;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < hexGroups; i++) {
      if (i == runStart) {
        text.append("::");
        i += runLength - 1;
        continue;
      }
      if (i > 0 && i != runStart + runLength) {
        text.append(':');
      }
      text.append(hexGroup(g[i], random));
    }
    if (mixed) {
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(canonicalIpv4((int) value.low()));
    }
    return text.toString();
  }

  private static String hexGroup(int group, Random random) {
    String hex = Integer.toHexString(group);
    int pad = random.nextInt(5 - hex.length());
    StringBuilder out = new StringBuilder("0".repeat(pad));
    for (char c : hex.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  static String canonicalIpv4(int bits) {
    return String.format(
        Locale.ROOT,
        "%d.%d.%d.%d",
        bits >>> 24,
        (bits >>> 16) & 0xFF,
        (bits >>> 8) & 0xFF,
        bits & 0xFF);
  }

  /**
   * Valid text (an address, or an address with any length 0..129), mutated up to three times: what
   * a typo or a fuzzer makes of an address.
   */
  static Arbitrary<String> nearValid() {
    Arbitrary<String> valid =
        Arbitraries.oneOf(
            renderedAddresses().map(Rendered::text),
            Combinators.combine(renderedAddresses(), Arbitraries.integers().between(0, 129))
                .as((r, length) -> r.text() + "/" + length),
            prefixes().map(IpPrefix::toString));
    // Mostly one mutation, so that a fair share stays valid and the accept side gets exercised.
    Arbitrary<Integer> mutations =
        Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(6, 1), Tuple.of(2, 2), Tuple.of(1, 3));
    return Combinators.combine(valid, Arbitraries.randoms(), mutations)
        .as(
            (text, random, times) -> {
              String s = text;
              for (int i = 0; i < times; i++) {
                s = mutate(s, random);
              }
              return s;
            });
  }

  static String mutate(String s, Random random) {
    int at = random.nextInt(s.length() + 1);
    char c = GARBAGE_CHARS.charAt(random.nextInt(GARBAGE_CHARS.length()));
    switch (random.nextInt(12)) {
      case 10:
      case 11:
        // A hex digit for a hex digit: often still valid, sometimes a leading zero or > 255.
        return at < s.length() && AddressText.hexValue(s.charAt(at)) >= 0
            ? s.substring(0, at)
                + "0123456789abcdefABCDEF".charAt(random.nextInt(22))
                + s.substring(at + 1)
            : s;
      case 0:
      case 1:
        return s.substring(0, at) + c + s.substring(at);
      case 2:
      case 3:
        return at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
      case 4:
      case 5:
        return at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
      case 6:
        return s.substring(0, at) + ":" + s.substring(at);
      case 7:
        return s + "%" + (random.nextBoolean() ? "eth0" : "");
      case 8:
        return s.substring(0, at)
            + (random.nextBoolean() ? "99999999999999999999" : "4294967296")
            + s.substring(at);
      default:
        return random.nextBoolean() ? " " + s : s + (random.nextBoolean() ? " " : "\n");
    }
  }

  /** Strings over the grammar's characters and lookalikes; most are garbage, a few are not. */
  static Arbitrary<String> garbage() {
    return Arbitraries.strings().withChars(GARBAGE_CHARS).ofMaxLength(45);
  }

  /** A prefix of any length, built by masking an address. */
  static Arbitrary<IpPrefix> prefixes() {
    return addresses()
        .flatMap(
            a ->
                Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.integers().between(0, a.bitLength())),
                        Tuple.of(
                            1,
                            Arbitraries.of(0, 1, 8, 16, 24, 26, 31, 32, 63, 64, 65, 96, 127, 128)
                                .filter(l -> l <= a.bitLength())))
                    .map(length -> IpPrefix.ofMasking(a, length)));
  }
}
