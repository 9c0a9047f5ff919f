package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @Nested
  @DisplayName("IPv6 text is formatted as RFC 5952 asks")
  class Rfc5952 {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          // Section 4.1: no leading zeros.
          "2001:0db8::0001|2001:db8::1",
          // Section 4.2.1: the longest run, as much as possible.
          "2001:db8:0:0:0:0:2:1|2001:db8::2:1",
          // Section 4.2.2: a single zero group is not compressed.
          "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
          "2001:db8::1:1:1:1:1|2001:db8:0:1:1:1:1:1",
          // Section 4.2.3: the longest run wins; on a tie the first.
          "2001:0:0:1:0:0:0:1|2001:0:0:1::1",
          "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
          "1:0:0:1:0:0:1:1|1::1:0:0:1:1",
          "1:0:0:1::1|1:0:0:1::1",
          // Section 4.3: lower case.
          "2001:DB8::AbCd|2001:db8::abcd",
          // The section 1 examples all mean 2001:db8::aaa:0:0:1.
          "2001:db8:0:0:0::1|2001:db8::1",
          "2001:db8:0:0::1|2001:db8::1",
          "2001:db8:0::1|2001:db8::1",
          "2001:db8::1|2001:db8::1",
          "2001:db8::aaaa:0:0:1|2001:db8::aaaa:0:0:1",
          "2001:db8:0:0:aaaa::1|2001:db8::aaaa:0:0:1",
          "2001:db8:0:0:aaaa:0:0:1|2001:db8::aaaa:0:0:1",
          // The ends.
          "::|::",
          "0:0:0:0:0:0:0:0|::",
          "::1|::1",
          "1::|1::",
          "1:0:0:0:0:0:0:0|1::",
          "0:0:0:0:0:0:0:1|::1",
          "1:2:3:4:5:6:7::|1:2:3:4:5:6:7:0",
          "::2:3:4:5:6:7:8|0:2:3:4:5:6:7:8",
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
          "1:0:1:0:1:0:1:0|1:0:1:0:1:0:1:0",
          "0:0:1:0:0:1:0:0|::1:0:0:1:0:0",
          // Section 5: IPv4-mapped addresses in mixed notation, and nothing else.
          "::ffff:1.2.3.4|::ffff:1.2.3.4",
          "::FFFF:0102:0304|::ffff:1.2.3.4",
          "0:0:0:0:0:ffff:0.0.0.0|::ffff:0.0.0.0",
          "::ffff:255.255.255.255|::ffff:255.255.255.255",
          "::1.2.3.4|::102:304",
          "64:ff9b::1.2.3.4|64:ff9b::102:304",
          "::fffe:1.2.3.4|::fffe:102:304",
          "1::ffff:1.2.3.4|1::ffff:102:304",
          "1:2:3:4:5:6:1.2.3.4|1:2:3:4:5:6:102:304",
        })
    void canonical(String input, String canonical) {
      assertThat(IpAddress.parse(input)).hasToString(canonical);
      assertThat(Ipv6Address.parse(input)).hasToString(canonical);
      assertThat(IpAddress.parse(canonical)).isEqualTo(IpAddress.parse(input));
    }
  }

  @Nested
  @DisplayName("bad text is rejected with a message that quotes it")
  class Rejected {
    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "1.2.3.04|leading zero",
          "01.2.3.4|leading zero",
          "1.2.3.00|leading zero",
          "1.2.3|4 octets",
          "1.2.3.4.|4 octets",
          "1.2.3.4.5|4 octets",
          "1..3.4|empty",
          "256.1.1.1|greater than 255",
          "1.2.3.1000|greater than 255",
          "0x7f.1.1.1|unexpected character 'x'",
          "1.2.3.-1|unexpected character '-'",
          "fe80::1%eth0|zone ids are not supported",
          "fe80::1%|zone ids are not supported",
          "1.2.3.4%eth0|zone ids are not supported",
          "1:2:3:4:5:6:7:8:9|at most 8 groups",
          "1:2:3:4:5:6:7:8::|at most 8 groups",
          "::1:2:3:4:5:6:7:8|8 groups",
          "1:2:3:4:5:6:7|8 groups, found 7",
          ":::|':::'",
          "1:::2|':::'",
          "1::2::3|only once",
          "::1::|only once",
          ":1::|single ':'",
          "1::2:|single ':'",
          "12345::|more than 4 hex digits",
          "::12345|more than 4 hex digits",
          "::ffff:1.2.3.04|leading zero",
          "::ffff:1.2.3|4 octets",
          "1:2:3:4:5:6:7:1.2.3.4|at most 8 groups",
          "1.2.3.4::|unexpected character ':'",
          "::1.2.3.4:5|unexpected character ':'",
          "::g|unexpected character 'g'",
          "[::1]|brackets",
          "10.0.0.0/8|prefix length",
          "hello|unexpected character 'h'",
          "1|not an IPv4 or IPv6 address",
        })
    void rejected(String text, String reason) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.parse(text))
          .withMessageContaining(reason)
          .withMessageContaining("'" + text + "'");
    }

    @Test
    void theZoneMessageIsExact() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.parse("fe80::1%eth0"))
          .withMessage("zone ids are not supported: 'fe80::1%eth0'");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"", " ", " 1.2.3.4", "1.2.3.4 ", "::1\n", "\u0661.2.3.4", "1.2.3.\uFF14"})
    void whitespaceEmptyAndUnicodeDigits(String text) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.parse(text))
          .withMessageEndingWith("'" + text + "'");
    }

    @Test
    void hugeNumbersAreNotNumberFormatExceptions() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.parse("99999999999999999999.1.1.1"))
          .withMessageContaining("greater than 255");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpPrefix.parse("10.0.0.0/99999999999999999999"))
          .withMessageContaining("not in 0..32");
    }

    @Test
    void nullIsANullPointerExceptionNamingTheArgument() {
      assertThatNullPointerException().isThrownBy(() -> IpAddress.parse(null)).withMessage("text");
      assertThatNullPointerException().isThrownBy(() -> Ipv4Address.parse(null));
      assertThatNullPointerException().isThrownBy(() -> Ipv6Address.parse(null));
      assertThatNullPointerException().isThrownBy(() -> IpPrefix.parse(null));
      assertThatNullPointerException().isThrownBy(() -> MacAddress.parse(null));
    }

    @Test
    void familyParsersRejectTheOtherFamily() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Ipv4Address.parse("::1"))
          .withMessageContaining("'::1'");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Ipv6Address.parse("1.2.3.4"))
          .withMessageContaining("'1.2.3.4'");
    }
  }

  @Nested
  @DisplayName("a slice of a longer text parses in place")
  class Slices {
    @Test
    void parsesTheSliceOnly() {
      String line = "route 10.1.2.3 via fe80::1 dev eth0";
      assertThat(IpAddress.parse(line, 6, 14)).isEqualTo(Ipv4Address.of(0x0A010203));
      assertThat(IpAddress.parse(line, 19, 26)).hasToString("fe80::1");
    }

    @Test
    void errorsQuoteTheSlice() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.parse("x1.2.3.04y", 1, 9))
          .withMessageEndingWith("'1.2.3.04'");
    }

    @Test
    void badBoundsAreIndexErrors() {
      assertThatThrownBy(() -> IpAddress.parse("1.2.3.4", 2, 10))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> IpAddress.parse("1.2.3.4", 3, 2))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Nested
  @DisplayName("conversions")
  class Conversions {
    @Test
    void ipv4Values() {
      Ipv4Address a = Ipv4Address.parse("192.0.2.1");
      assertThat(a.toInt()).isEqualTo(0xC0000201);
      assertThat(a.toUnsignedLong()).isEqualTo(0xC0000201L);
      assertThat(a.toBytes()).containsExactly(192, 0, 2, 1);
      assertThat(a.family()).isEqualTo(IpFamily.IPV4);
      assertThat(a.bitLength()).isEqualTo(32);
      assertThat(a.toPrefix()).hasToString("192.0.2.1/32");
    }

    @Test
    void ipv6Values() {
      Ipv6Address a = Ipv6Address.parse("2001:db8::1");
      assertThat(a.high()).isEqualTo(0x20010db8_00000000L);
      assertThat(a.low()).isEqualTo(1L);
      assertThat(a.toPrefix()).hasToString("2001:db8::1/128");
      assertThat(Ipv6Address.parse("64:ff9b::192.0.2.33").embeddedIpv4()).hasToString("192.0.2.33");
    }

    @Test
    void byteArraysOfOtherLengthsAreRejected() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.of(new byte[5]))
          .withMessageContaining("5");
    }

    @Test
    void mappedAddressesStayIpv6ThroughTheJdk() {
      Ipv6Address mapped = Ipv6Address.parse("::ffff:192.0.2.1");
      InetAddress jdk = mapped.toInetAddress();
      assertThat(jdk).isInstanceOf(Inet6Address.class);
      assertThat(IpAddress.of(jdk)).isEqualTo(mapped);
    }

    @Test
    void scopedJdkAddressesAreRejected() throws Exception {
      Inet6Address scoped =
          Inet6Address.getByAddress(null, IpAddress.parse("fe80::1").toBytes(), 3);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpAddress.of(scoped))
          .withMessageStartingWith("zone ids are not supported");
    }

    @Test
    void ipFamilyByAddressFamilyNumber() {
      assertThat(IpFamily.of(2)).isEqualTo(IpFamily.IPV4);
      assertThat(IpFamily.of(10)).isEqualTo(IpFamily.IPV6);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> IpFamily.of(17))
          .withMessageContaining("17");
    }
  }

  @Nested
  @DisplayName("arithmetic stops at the ends of the family")
  class Arithmetic {
    @Test
    void ipv4Ends() {
      assertThat(Ipv4Address.parse("10.0.0.255").next()).hasToString("10.0.1.0");
      assertThat(Ipv4Address.parse("0.0.0.1").previous()).hasToString("0.0.0.0");
      assertThatThrownBy(() -> Ipv4Address.parse("255.255.255.255").next())
          .isExactlyInstanceOf(ArithmeticException.class)
          .hasMessageContaining("255.255.255.255 + 1");
      assertThatThrownBy(() -> Ipv4Address.parse("0.0.0.0").previous())
          .isExactlyInstanceOf(ArithmeticException.class)
          .hasMessageContaining("0.0.0.0 - 1");
      assertThat(Ipv4Address.parse("0.0.0.0").add(0xFFFF_FFFFL)).hasToString("255.255.255.255");
      assertThat(Ipv4Address.parse("0.0.0.10").subtract(-5)).hasToString("0.0.0.15");
      assertThatThrownBy(() -> Ipv4Address.parse("1.2.3.4").subtract(Long.MIN_VALUE))
          .isExactlyInstanceOf(ArithmeticException.class)
          .hasMessageContaining(Long.toString(Long.MIN_VALUE));
    }

    @Test
    void ipv6CarriesBetweenHalves() {
      assertThat(Ipv6Address.parse("::ffff:ffff:ffff:ffff").next()).hasToString("0:0:0:1::");
      assertThat(Ipv6Address.parse("0:0:0:1::").previous()).hasToString("::ffff:ffff:ffff:ffff");
      assertThat(Ipv6Address.parse("::").add(Long.MAX_VALUE).add(Long.MAX_VALUE).add(2))
          .hasToString("0:0:0:1::");
      assertThat(Ipv6Address.parse("0:0:0:1::").add(Long.MIN_VALUE).add(Long.MIN_VALUE))
          .hasToString("::");
      assertThatThrownBy(() -> Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").next())
          .isExactlyInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> Ipv6Address.parse("::").previous())
          .isExactlyInstanceOf(ArithmeticException.class)
          .hasMessageContaining(":: - 1");
    }

    @Test
    void familiesSortIpv4First() {
      assertThat((IpAddress) Ipv4Address.parse("255.255.255.255"))
          .isLessThan(Ipv6Address.parse("::"));
      assertThat((IpAddress) Ipv4Address.parse("1.2.3.4"))
          .isNotEqualTo(Ipv6Address.parse("::ffff:1.2.3.4"))
          .isLessThan(Ipv6Address.parse("::ffff:1.2.3.4"));
      assertThat(Ipv4Address.parse("128.0.0.0")).isGreaterThan(Ipv4Address.parse("127.0.0.1"));
    }
  }

  @Nested
  @DisplayName("predicates")
  class Predicates {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "0.0.0.0,         true,  false, false, false",
      "::,              true,  false, false, false",
      "::ffff:0.0.0.0,  true,  false, false, false",
      "127.0.0.1,       false, true,  false, false",
      "127.255.0.9,     false, true,  false, false",
      "::1,             false, true,  false, false",
      "::ffff:127.0.0.1, false, true, false, false",
      "::127.0.0.1,     false, false, false, false",
      "169.254.0.1,     false, false, true,  false",
      "fe80::1,         false, false, true,  false",
      "febf::1,         false, false, true,  false",
      "fec0::1,         false, false, false, false",
      "224.0.0.1,       false, false, false, true",
      "239.255.255.255, false, false, false, true",
      "ff02::1,         false, false, false, true",
      "8.8.8.8,         false, false, false, false",
      "2001:db8::1,     false, false, false, false",
    })
    void examples(
        String text, boolean unspecified, boolean loopback, boolean linkLocal, boolean multicast) {
      IpAddress a = IpAddress.parse(text);
      assertThat(a.isUnspecified()).isEqualTo(unspecified);
      assertThat(a.isLoopback()).isEqualTo(loopback);
      assertThat(a.isLinkLocal()).isEqualTo(linkLocal);
      assertThat(a.isMulticast()).isEqualTo(multicast);
    }
  }
}
