package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Garbage in: random and near-valid strings. Every parser either accepts a string with the value
 * that IPAddress (configured to Go's strictness) gives it, or throws an IllegalArgumentException
 * that quotes the string; nothing else escapes.
 */
class ParserGarbageProperties {

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        NetArbitraries.garbage(), NetArbitraries.nearValid(), NetArbitraries.nearValid());
  }

  @Property(tries = 50_000)
  @Label("IpAddress.parse accepts exactly what strict IPAddress accepts, with the same value")
  void addressParserAgreesWithStrictIpAddress(@ForAll("garbage") String text) {
    IpAddress ours = parseOrNull(text, IpAddress::parse);
    inet.ipaddr.IPAddress strict = Oracles.strictIpAddress(text);
    Statistics.collect(ours == null ? "rejected" : "accepted");

    if (ours == null) {
      assertThat(strict).as("strict IPAddress reads '%s'", text).isNull();
    } else {
      assertThat(strict).as("strict IPAddress rejects '%s'", text).isNotNull();
      assertThat(strict.getBytes()).isEqualTo(ours.toBytes());
      // And the lenient default agrees on the value too.
      assertThat(Oracles.lenientIpAddress(text).getBytes()).isEqualTo(ours.toBytes());
    }
  }

  @Property(tries = 10_000)
  @Label("family parsers accept a subset of IpAddress.parse, with the same value")
  void familyParsers(@ForAll("garbage") String text) {
    IpAddress any = parseOrNull(text, IpAddress::parse);
    Ipv4Address v4 = parseOrNull(text, Ipv4Address::parse);
    Ipv6Address v6 = parseOrNull(text, Ipv6Address::parse);

    if (any == null) {
      assertThat(v4).isNull();
      assertThat(v6).isNull();
    } else {
      assertThat(any).isEqualTo(any instanceof Ipv4Address ? v4 : v6);
      assertThat(any instanceof Ipv4Address ? v6 : v4).isNull();
    }
  }

  @Property(tries = 20_000)
  @Label("IpPrefix parsers accept a CIDR exactly when its parts are valid")
  void prefixParsers(@ForAll("garbage") String text) {
    IpPrefix strict = parseOrNull(text, IpPrefix::parse);
    IpPrefix masking = parseOrNull(text, IpPrefix::parseMasking);
    Statistics.collect(masking == null ? "rejected" : strict == null ? "host bits" : "accepted");

    int slash = text.indexOf('/');
    if (masking == null) {
      assertThat(strict).isNull();
      return;
    }
    IpAddress address = IpAddress.parse(text.substring(0, slash));
    String length = text.substring(slash + 1);
    assertThat(length).matches("0|[1-9][0-9]{0,2}");
    assertThat(masking.length()).isEqualTo(Integer.parseInt(length));
    assertThat(masking).isEqualTo(IpPrefix.ofMasking(address, masking.length()));
    assertThat(strict == null).isEqualTo(!masking.network().equals(address));
    // IPAddress reads the same block.
    inet.ipaddr.IPAddress block =
        Oracles.lenientIpAddress(text.substring(0, slash))
            .toPrefixBlock(masking.length())
            .getLower();
    assertThat(block.getBytes()).isEqualTo(masking.network().toBytes());
  }

  @Property(tries = 5_000)
  @Label("MacAddress.parse throws only IllegalArgumentException, quoting the text")
  void macParser(@ForAll("macGarbage") String text) {
    MacAddress mac = parseOrNull(text, MacAddress::parse);
    if (mac != null) {
      assertThat(text).matches("([0-9a-fA-F]{2}([:-]|$)){6}");
      assertThat(mac.toString()).isEqualToIgnoringCase(text.replace('-', ':'));
    }
  }

  @Provide
  Arbitrary<String> macGarbage() {
    Arbitrary<String> valid =
        Arbitraries.longs()
            .between(0, 0xFFFF_FFFF_FFFFL)
            .map(
                bits -> {
                  String s = MacAddress.of(bits).toString();
                  return bits % 3 == 0 ? s.replace(':', '-').toUpperCase(java.util.Locale.ROOT) : s;
                });
    Arbitrary<String> mutated =
        net.jqwik.api.Combinators.combine(valid, Arbitraries.randoms())
            .as((s, r) -> NetArbitraries.mutate(s, r));
    return Arbitraries.oneOf(valid, mutated, mutated, NetArbitraries.garbage());
  }

  /**
   * Parses, returning null on an IllegalArgumentException that quotes the text; any other
   * exception, or one that does not quote the text, fails the property.
   */
  private static <T> T parseOrNull(String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("'" + text + "'");
      assertThat(e.getClass()).isEqualTo(IllegalArgumentException.class);
      return null;
    } catch (RuntimeException e) {
      return fail("'" + text + "' threw " + e, e);
    }
  }
}
