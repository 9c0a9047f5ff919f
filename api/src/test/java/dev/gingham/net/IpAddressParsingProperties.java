package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.net.NetArbitraries.Rendered;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Parsing and formatting, checked against the JDK and the IPAddress library. */
class IpAddressParsingProperties {

  @Provide
  Arbitrary<IpAddress> addresses() {
    return NetArbitraries.addresses();
  }

  @Provide
  Arbitrary<Ipv4Address> ipv4() {
    return NetArbitraries.ipv4();
  }

  @Provide
  Arbitrary<Ipv6Address> ipv6() {
    return NetArbitraries.ipv6();
  }

  @Provide
  Arbitrary<Rendered> rendered() {
    return NetArbitraries.renderedAddresses();
  }

  @Provide
  Arbitrary<Rendered> renderedIpv6() {
    return NetArbitraries.renderedIpv6();
  }

  @Property(tries = 10_000)
  @Label("every text form of a value parses to that value, as IPAddress and the JDK read it")
  void everyTextFormParsesToItsValue(@ForAll("rendered") Rendered r) {
    IpAddress parsed = IpAddress.parse(r.text());

    assertThat(parsed).isEqualTo(r.value());
    inet.ipaddr.IPAddress strict = Oracles.strictIpAddress(r.text());
    assertThat(strict).as("strict IPAddress reads %s", r.text()).isNotNull();
    assertThat(strict.getBytes()).isEqualTo(parsed.toBytes());
    assertThat(Oracles.literal(r.text()).getAddress()).isEqualTo(Oracles.jdkBytes(parsed));
  }

  @Property(tries = 10_000)
  @Label("IPv6 text forms parse with Ipv6Address.parse and not with Ipv4Address.parse")
  void familySpecificParsers(@ForAll("renderedIpv6") Rendered r) {
    assertThat(Ipv6Address.parse(r.text())).isEqualTo(r.value());
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Address.parse(r.text()))
        .withMessageContaining("'" + r.text() + "'");
  }

  @Property(tries = 5_000)
  @Label("IPv4 text parses with Ipv4Address.parse and not with Ipv6Address.parse")
  void ipv4Parsers(@ForAll("ipv4") Ipv4Address a) {
    String text = NetArbitraries.canonicalIpv4(a.toInt());
    assertThat(Ipv4Address.parse(text)).isEqualTo(a);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv6Address.parse(text))
        .withMessageContaining("'" + text + "'");
  }

  @Property(tries = 10_000)
  @Label("toString is the RFC 5952 canonical text, which IPAddress and the JDK agree on")
  void toStringIsCanonical(@ForAll("addresses") IpAddress a) {
    String text = a.toString();

    assertThat(text).isEqualTo(Oracles.canonicalText(Oracles.ipAddressOf(a)));
    assertThat(IpAddress.parse(text)).isEqualTo(a);
    if (a instanceof Ipv4Address) {
      assertThat(text).isEqualTo(a.toInetAddress().getHostAddress());
    } else {
      assertThat(text).isEqualTo(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(":::");
      // The JDK prints IPv6 uncompressed; its reading of our text must still be our value.
      assertThat(Oracles.literal(text).getAddress()).isEqualTo(Oracles.jdkBytes(a));
    }
  }

  @Property(tries = 2_000)
  @Label("canonical IPv6 never compresses a single zero group and compresses the longest run")
  void canonicalCompression(@ForAll("ipv6") Ipv6Address a) {
    String text = a.toString();
    if (a.isIpv4Mapped()) {
      assertThat(text).startsWith("::ffff:").contains(".");
      return;
    }
    int[] g = groups(a);
    int longest = 0;
    int run = 0;
    for (int x : g) {
      run = x == 0 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    assertThat(text.contains("::")).isEqualTo(longest >= 2);
    if (longest >= 2) {
      // What "::" stands for is as long as the longest run.
      String[] sides = text.split("::", -1);
      int shown = count(sides[0]) + count(sides[1]);
      assertThat(8 - shown).isEqualTo(longest);
    }
  }

  private static int count(String side) {
    return side.isEmpty() ? 0 : side.split(":", -1).length;
  }

  private static int[] groups(Ipv6Address a) {
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (a.high() >>> (48 - 16 * i)) & 0xFFFF;
      g[i + 4] = (int) (a.low() >>> (48 - 16 * i)) & 0xFFFF;
    }
    return g;
  }

  @Property(tries = 5_000)
  @Label("a slice parses as the same text on its own, and nothing outside it is read")
  void slices(
      @ForAll("rendered") Rendered r,
      @ForAll("padding") String before,
      @ForAll("padding") String after) {
    String text = before + r.text() + after;
    StringBuilder builder = new StringBuilder(text);

    assertThat(IpAddress.parse(text, before.length(), before.length() + r.text().length()))
        .isEqualTo(r.value());
    assertThat(IpAddress.parse(builder, before.length(), before.length() + r.text().length()))
        .isEqualTo(r.value());
  }

  @Provide
  Arbitrary<String> padding() {
    return Arbitraries.strings().withChars("0123456789abcdef.:/% ").ofMaxLength(6);
  }

  @Property
  @Label("bytes round-trip, and agree with the JDK's and IPAddress's bytes")
  void bytes(@ForAll("addresses") IpAddress a) throws Exception {
    byte[] bytes = a.toBytes();

    assertThat(bytes).hasSize(a.family().bytes());
    assertThat(IpAddress.of(bytes)).isEqualTo(a);
    assertThat(Oracles.ipAddressOf(a).getBytes()).isEqualTo(bytes);
    assertThat(new java.math.BigInteger(1, bytes)).isEqualTo(Oracles.value(a));
    InetAddress jdk = a.toInetAddress();
    assertThat(jdk.getAddress()).isEqualTo(bytes);
    assertThat(jdk)
        .isInstanceOf(a instanceof Ipv4Address ? Inet4Address.class : Inet6Address.class);
    assertThat(IpAddress.of(jdk)).isEqualTo(a);
    assertThat(IpAddress.of(InetAddress.getByAddress(bytes)))
        .as("the JDK turns IPv4-mapped bytes into IPv4")
        .isEqualTo(
            a instanceof Ipv6Address && ((Ipv6Address) a).isIpv4Mapped()
                ? ((Ipv6Address) a).embeddedIpv4()
                : a);
  }

  @Property
  @Label("predicates agree with the JDK's, which reads IPv4-mapped addresses as IPv4")
  void predicates(@ForAll("predicateAddresses") IpAddress a) {
    InetAddress jdk = Oracles.jdk(a);

    assertThat(a.isUnspecified()).isEqualTo(jdk.isAnyLocalAddress());
    assertThat(a.isLoopback()).isEqualTo(jdk.isLoopbackAddress());
    assertThat(a.isLinkLocal()).isEqualTo(jdk.isLinkLocalAddress());
    assertThat(a.isMulticast()).isEqualTo(jdk.isMulticastAddress());
  }

  @Provide
  Arbitrary<IpAddress> predicateAddresses() {
    // Addresses close to the special ranges, so that both answers occur often.
    Arbitrary<IpAddress> near =
        Arbitraries.of(
                "0.0.0.0",
                "127.0.0.1",
                "126.255.255.255",
                "128.0.0.0",
                "169.254.1.1",
                "169.253.255.255",
                "169.255.0.0",
                "224.0.0.1",
                "239.255.255.255",
                "223.255.255.255",
                "240.0.0.0",
                "::",
                "::1",
                "::2",
                "fe80::1",
                "febf:ffff::1",
                "fec0::1",
                "fe7f::1",
                "ff02::1",
                "feff::1",
                "::ffff:127.0.0.1",
                "::ffff:0.0.0.0",
                "::ffff:224.0.0.1",
                "::ffff:169.254.3.4",
                "::127.0.0.1")
            .map(IpAddress::parse);
    Arbitrary<IpAddress> nearby =
        Arbitraries.oneOf(
            near,
            Combinators.combine(
                    near, Arbitraries.longs().between(-300, 300), Arbitraries.of(true, false))
                .as(IpAddressParsingProperties::nudge));
    return Arbitraries.oneOf(nearby, NetArbitraries.addresses());
  }

  /** An address near {@code a}: in the same or a neighbouring /16 (IPv4) or /112 / /16. */
  private static IpAddress nudge(IpAddress a, long delta, boolean high) {
    if (a instanceof Ipv4Address) {
      return Ipv4Address.of(((Ipv4Address) a).toInt() + (int) (delta << 16));
    }
    Ipv6Address v6 = (Ipv6Address) a;
    return high
        ? Ipv6Address.of(v6.high() + (delta << 48), v6.low())
        : Ipv6Address.of(v6.high(), v6.low() + (delta << 16));
  }

  @Property
  @Label("family and bit length match the class")
  void family(@ForAll("addresses") IpAddress a) {
    assertThat(a.bitLength()).isEqualTo(a.family().bits());
    assertThat(a.family()).isEqualTo(a instanceof Ipv4Address ? IpFamily.IPV4 : IpFamily.IPV6);
    assertThat(IpFamily.of(a.family().addressFamily())).isEqualTo(a.family());
  }

  @Property
  @Label("IPv4-mapped conversion round-trips")
  void mapped(@ForAll("ipv4") Ipv4Address a) {
    Ipv6Address mapped = Ipv6Address.ipv4Mapped(a);

    assertThat(mapped.isIpv4Mapped()).isTrue();
    assertThat(mapped.embeddedIpv4()).isEqualTo(a);
    assertThat(mapped).isNotEqualTo(a);
    assertThat(mapped.toString()).isEqualTo("::ffff:" + a);
    assertThat(Oracles.ipAddressOf(mapped).toIPv6().isIPv4Mapped()).isTrue();
    assertThat(
            ((inet.ipaddr.ipv4.IPv4Address) Oracles.ipAddressOf(a))
                .getIPv4MappedAddress()
                .equals(Oracles.ipAddressOf(mapped)))
        .isTrue();
  }

  @Property(tries = 5_000)
  @Label("compareTo is IPv4 first, then unsigned value; consistent with equals and hashCode")
  void ordering(@ForAll("addresses") IpAddress a, @ForAll("addresses") IpAddress b) {
    int expected =
        a.family() != b.family()
            ? a.family().compareTo(b.family())
            : Oracles.value(a).compareTo(Oracles.value(b));

    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
    assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-Integer.signum(expected));
    assertThat(a.equals(b)).isEqualTo(expected == 0);
    if (expected == 0) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
    IpAddress copy = IpAddress.of(a.toBytes());
    assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(copy.compareTo(a)).isZero();
  }
}
