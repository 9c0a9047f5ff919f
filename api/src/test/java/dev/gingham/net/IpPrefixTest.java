package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpPrefixTest {

  @Test
  void hostBitsAreRejectedWithAHint() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.parse("10.0.0.1/8"))
        .withMessage("host bits set in '10.0.0.1/8' (did you mean 10.0.0.0/8?)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.parse("2001:db8::1/32"))
        .withMessage("host bits set in '2001:db8::1/32' (did you mean 2001:db8::/32?)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.of(IpAddress.parse("192.168.1.77"), 24))
        .withMessage("host bits set in '192.168.1.77/24' (did you mean 192.168.1.0/24?)");
  }

  @Test
  void maskingClearsHostBits() {
    assertThat(IpPrefix.parseMasking("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(IpPrefix.ofMasking(IpAddress.parse("2001:db8::1"), 32)).hasToString("2001:db8::/32");
    assertThat(IpPrefix.parseMasking("255.255.255.255/0")).hasToString("0.0.0.0/0");
  }

  @ParameterizedTest(name = "''{0}'': {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33|prefix length 33 is not in 0..32",
        "::/129|prefix length 129 is not in 0..128",
        "10.0.0.0/08|leading zero",
        "10.0.0.0/00|leading zero",
        "10.0.0.0/|missing prefix length",
        "10.0.0.0|needs a '/'",
        "10.0.0.0/+8|found '+'",
        "10.0.0.0/-1|found '-'",
        "10.0.0.0/ 8|found U+0020",
        "10.0.0.0/8/8|found '/'",
        "/8|empty string",
        "10.0.0.01/8|leading zero",
        "fe80::%eth0/64|zone ids are not supported",
        "[::]/0|brackets",
      })
  void rejected(String text, String reason) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.parse(text))
        .withMessageContaining(reason)
        .withMessageContaining("'" + text + "'");
    assertThatIllegalArgumentException().isThrownBy(() -> IpPrefix.parseMasking(text));
  }

  @Test
  void trailingWhitespaceIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.parse("10.0.0.0/8 "))
        .withMessage(
            "a prefix length is decimal digits only, found U+0020 at index 10: '10.0.0.0/8 '");
  }

  @Test
  void lengthsOutOfRangeInFactories() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.of(IpAddress.parse("10.0.0.0"), 33))
        .withMessageContaining("33");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IpPrefix.ofMasking(IpAddress.parse("::"), -1))
        .withMessageContaining("-1");
  }

  @Test
  void accessors() {
    IpPrefix p = IpPrefix.parse("192.168.4.0/22");
    assertThat(p.network()).hasToString("192.168.4.0");
    assertThat(p.length()).isEqualTo(22);
    assertThat(p.family()).isEqualTo(IpFamily.IPV4);
    assertThat(p.hostBits()).isEqualTo(10);
    assertThat(p.first()).hasToString("192.168.4.0");
    assertThat(p.last()).hasToString("192.168.7.255");
    assertThat(p.netmask()).hasToString("255.255.252.0");
    assertThat(p.size()).isEqualTo(BigInteger.valueOf(1024));
    assertThat(p.addressCount()).isEqualTo(1024);
    assertThat(p.address(1023)).hasToString("192.168.7.255");
    assertThat(p.ordinal(IpAddress.parse("192.168.5.1"))).isEqualTo(257);

    IpPrefix v6 = IpPrefix.parse("2001:db8::/32");
    assertThat(v6.netmask()).hasToString("ffff:ffff::");
    assertThat(v6.last()).hasToString("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    assertThat(v6.size()).isEqualTo(BigInteger.ONE.shiftLeft(96));
    assertThatThrownBy(v6::addressCount).isExactlyInstanceOf(ArithmeticException.class);
  }

  @Test
  void addressCountAtTheLongBoundary() {
    assertThat(IpPrefix.parse("::/66").addressCount()).isEqualTo(1L << 62);
    assertThatThrownBy(() -> IpPrefix.parse("::/65").addressCount())
        .isExactlyInstanceOf(ArithmeticException.class)
        .hasMessageContaining("2^63");
  }

  @Test
  void ordinalsOutsideThePrefix() {
    IpPrefix p = IpPrefix.parse("10.0.0.0/24");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> p.ordinal(IpAddress.parse("10.0.1.0")))
        .withMessage("10.0.1.0 is not in 10.0.0.0/24");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> p.ordinal(IpAddress.parse("::ffff:10.0.0.1")));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> p.address(256))
        .withMessageContaining("10.0.0.0/24")
        .withMessageContaining("256");
    assertThatIllegalArgumentException().isThrownBy(() -> p.address(-1));
    assertThatThrownBy(() -> IpPrefix.parse("::/0").ordinal(IpAddress.parse("8000::")))
        .isExactlyInstanceOf(ArithmeticException.class);
    assertThat(IpPrefix.parse("::/0").ordinal(IpAddress.parse("::7fff:ffff:ffff:ffff")))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(IpPrefix.parse("::/0").address(Long.MAX_VALUE)).hasToString("::7fff:ffff:ffff:ffff");
  }

  @Test
  void containsNeverThrowsForTheOtherFamily() {
    IpPrefix v4 = IpPrefix.parse("0.0.0.0/0");
    IpPrefix v6 = IpPrefix.parse("::/0");
    assertThat(v4.contains(IpAddress.parse("::ffff:1.2.3.4"))).isFalse();
    assertThat(v6.contains(IpAddress.parse("1.2.3.4"))).isFalse();
    assertThat(v4.contains(v6)).isFalse();
    assertThat(v4.overlaps(v6)).isFalse();
    assertThat(v4.contains(IpAddress.parse("255.255.255.255"))).isTrue();
  }

  @Test
  void containmentAndOverlap() {
    IpPrefix pool = IpPrefix.parse("10.244.0.0/16");
    IpPrefix block = IpPrefix.parse("10.244.3.64/26");
    assertThat(pool.contains(block)).isTrue();
    assertThat(block.contains(pool)).isFalse();
    assertThat(pool.overlaps(block)).isTrue();
    assertThat(block.overlaps(pool)).isTrue();
    assertThat(pool.contains(pool)).isTrue();
    assertThat(block.overlaps(IpPrefix.parse("10.244.3.128/26"))).isFalse();
  }

  @Test
  void aSlash16HasA1024SlashTwentySixBlocks() {
    IpPrefix pool = IpPrefix.parse("10.244.0.0/16");
    assertThat(pool.subnetCount(26)).isEqualTo(1024);
    assertThat(pool.subnet(26, 0)).hasToString("10.244.0.0/26");
    assertThat(pool.subnet(26, 1)).hasToString("10.244.0.64/26");
    assertThat(pool.subnet(26, 1023)).hasToString("10.244.255.192/26");
    List<IpPrefix> blocks = pool.subnets(26).collect(Collectors.toList());
    assertThat(blocks).hasSize(1024).isSorted().doesNotHaveDuplicates();
    assertThat(blocks.get(5)).hasToString("10.244.1.64/26");
    assertThatIllegalArgumentException().isThrownBy(() -> pool.subnet(26, 1024));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> pool.subnetCount(15))
        .withMessageContaining("15");
    assertThatIllegalArgumentException().isThrownBy(() -> pool.subnets(33));
    assertThat(pool.subnets(16)).containsExactly(pool);
  }

  @Test
  void hugeSplitsAreLazy() {
    IpPrefix all = IpPrefix.parse("::/0");
    assertThat(all.subnets(128).limit(3))
        .extracting(IpPrefix::toString)
        .containsExactly("::/128", "::1/128", "::2/128");
    assertThat(all.subnets(64).skip(1).findFirst()).contains(IpPrefix.parse("0:0:0:1::/64"));
    assertThatThrownBy(() -> all.subnetCount(63)).isExactlyInstanceOf(ArithmeticException.class);
    assertThat(all.subnetCount(62)).isEqualTo(1L << 62);
    assertThat(all.subnet(128, Long.MAX_VALUE)).hasToString("::7fff:ffff:ffff:ffff/128");
    assertThat(all.subnet(64, Long.MAX_VALUE)).hasToString("7fff:ffff:ffff:ffff::/64");
    assertThat(IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127").subnets(128))
        .extracting(IpPrefix::toString)
        .containsExactly(
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  }

  @Test
  void orderingIsFamilyNetworkLength() {
    List<IpPrefix> sorted =
        List.of("::/0", "10.0.0.0/16", "10.0.0.0/8", "9.0.0.0/8", "2001:db8::/32").stream()
            .map(IpPrefix::parse)
            .sorted()
            .collect(Collectors.toList());
    assertThat(sorted)
        .extracting(IpPrefix::toString)
        .containsExactly("9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0", "2001:db8::/32");
  }
}
