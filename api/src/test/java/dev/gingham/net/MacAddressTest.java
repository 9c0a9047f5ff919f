package dev.gingham.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

  @Test
  void parsesBothSeparatorsAndEitherCase() {
    MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
    assertThat(mac.toLong()).isEqualTo(0x0242AC110002L);
    assertThat(MacAddress.parse("02-42-ac-11-00-02")).isEqualTo(mac);
    assertThat(mac).hasToString("02:42:ac:11:00:02");
    assertThat(mac.toBytes()).containsExactly(0x02, 0x42, 0xAC, 0x11, 0x00, 0x02);
    assertThat(MacAddress.of(mac.toBytes())).isEqualTo(mac);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "02:42:ac:11:00",
        "02:42:ac:11:00:02:03",
        "02:42-ac:11:00:02",
        "02.42.ac.11.00.02",
        "0242.ac11.0002",
        "2:42:ac:11:00:002",
        "02:42:ac:11:00:0g",
        "02:42:ac:11:00:02 ",
        "\u0661\u0662:42:ac:11:00:02",
      })
  void rejectsEverythingElse(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MacAddress.parse(text))
        .withMessageEndingWith("'" + text + "'");
  }

  @Test
  void flags() {
    assertThat(MacAddress.BROADCAST).hasToString("ff:ff:ff:ff:ff:ff");
    assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
    assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
    MacAddress multicast = MacAddress.parse("01:00:5e:00:00:01");
    assertThat(multicast.isMulticast()).isTrue();
    assertThat(multicast.isBroadcast()).isFalse();
    assertThat(multicast.isLocallyAdministered()).isFalse();
    MacAddress local = MacAddress.parse("ee:ee:ee:ee:ee:ee");
    assertThat(local.isLocallyAdministered()).isTrue();
    assertThat(local.isMulticast()).isFalse();
  }

  @Test
  void valuesOutOfRangeAreRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> MacAddress.of(1L << 48));
    assertThatIllegalArgumentException().isThrownBy(() -> MacAddress.of(-1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MacAddress.of(new byte[8]))
        .withMessageContaining("8");
  }

  @Property
  void randomLocalIsUnicastAndLocallyAdministered(@ForAll long seed) {
    MacAddress mac = MacAddress.randomLocal(new SplittableRandom(seed));
    assertThat(mac.isLocallyAdministered()).isTrue();
    assertThat(mac.isMulticast()).isFalse();
    assertThat(mac.toLong()).isBetween(0L, 0xFFFF_FFFF_FFFFL);
  }

  @Property
  void roundTrips(@ForAll("macs") long bits) {
    MacAddress mac = MacAddress.of(bits);
    assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
    assertThat(MacAddress.of(mac.toBytes())).isEqualTo(mac);
    assertThat(mac.toLong()).isEqualTo(bits);
    inet.ipaddr.mac.MACAddress oracle = new inet.ipaddr.mac.MACAddress(bits);
    assertThat(mac.toBytes()).isEqualTo(oracle.getBytes());
    assertThat(mac.isMulticast()).isEqualTo(oracle.isMulticast());
    assertThat(mac.isLocallyAdministered()).isEqualTo(oracle.isLocal());
    assertThat(mac.toString()).isEqualTo(oracle.toColonDelimitedString());
  }

  @Property
  void ordersByValue(@ForAll("macs") long a, @ForAll("macs") long b) {
    assertThat(Integer.signum(MacAddress.of(a).compareTo(MacAddress.of(b))))
        .isEqualTo(Long.signum(a - b));
    assertThat(MacAddress.of(a).equals(MacAddress.of(b))).isEqualTo(a == b);
  }

  @Provide
  Arbitrary<Long> macs() {
    return Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL);
  }
}
