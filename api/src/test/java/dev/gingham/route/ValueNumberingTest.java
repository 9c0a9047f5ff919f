package dev.gingham.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The default numbering of {@code longestMatchIds}: from 1 by identity, 0 for no value. */
class ValueNumberingTest {

  @Test
  void valuesAreNumberedFromOneByIdentityInOrderFirstSeen() {
    ValueNumbering<String> numbering = new ValueNumbering<>();
    String a = "a";
    String equalToA = new String("a");
    assertThat(numbering.idOf(null)).isZero();
    assertThat(numbering.idOf(a)).isEqualTo(1);
    assertThat(numbering.idOf(equalToA)).isEqualTo(2);
    assertThat(numbering.idOf(a)).isEqualTo(1);
    assertThat(numbering.value(0)).isNull();
    assertThat(numbering.value(1)).isSameAs(a);
    assertThat(numbering.value(2)).isSameAs(equalToA);
  }

  @Test
  void aNumberNeverHandedOutIsRefusedByName() {
    ValueNumbering<String> numbering = new ValueNumbering<>();
    numbering.idOf("a");
    assertThatThrownBy(() -> numbering.value(2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("Index 2 ");
    assertThatThrownBy(() -> numbering.value(-1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("Index -1 ");
  }
}
