package dev.gingham.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link NodeAddress#parse}: round trips, and garbage gets an IllegalArgumentException that names
 * it.
 */
class NodeAddressProperties {

  @Property
  void parsesWhatItPrints(@ForAll int bits, @ForAll @IntRange(min = 0, max = 32) int length) {
    Ipv4Address a = Ipv4Address.of(bits);
    NodeAddress n = NodeAddress.parse(a + "/" + length);
    assertThat(n.address()).isEqualTo(a);
    assertThat(n.subnet()).isEqualTo(IpPrefix.ofMasking(a, length));
    assertThat(n.subnet().contains(n.address())).isTrue();
  }

  @Property(tries = 2000)
  void garbageIsRefusedWithItsText(@ForAll("garbage") String text) {
    try {
      NodeAddress n = NodeAddress.parse(text);
      assertThat(n.subnet().contains(n.address())).isTrue();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property
  void aMissingLengthIsNamed(@ForAll int bits) {
    String text = Ipv4Address.of(bits).toString();
    assertThatThrownBy(() -> NodeAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("0123456789./:abcdef").ofMaxLength(45));
  }
}
