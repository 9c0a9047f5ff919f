package dev.gingham.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The name rules: what they accept they return unchanged; what they refuse they quote. */
class IpamNamesProperties {
  @Property(tries = 1000)
  void anyTextIsAcceptedUnchangedOrRefusedWithAMessage(@ForAll("text") String text) {
    check(() -> assertThat(IpamNames.requireHandle(text)).isSameAs(text), "handle");
    check(() -> assertThat(IpamNames.requireHost(text)).isSameAs(text), "host name");
    check(
        () -> assertThat(IpamNames.requireResourceName("pool name", text)).isSameAs(text),
        "pool name");
  }

  @Property(tries = 300)
  void acceptedNamesHoldNoSlashOrSpace(@ForAll("text") String text) {
    for (java.util.function.UnaryOperator<String> rule :
        java.util.List.<java.util.function.UnaryOperator<String>>of(
            IpamNames::requireHandle,
            IpamNames::requireHost,
            t -> IpamNames.requireResourceName("n", t))) {
      try {
        String ok = rule.apply(text);
        assertThat(ok).doesNotContain("/", " ", "\n").isNotEmpty();
      } catch (IllegalArgumentException e) {
        // refused: fine
      }
    }
  }

  private static void check(Runnable r, String what) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains(what);
    }
  }

  @Example
  void examples() {
    assertThat(IpamNames.requireHandle("k8s-pod-network.0123abcdef")).isNotEmpty();
    assertThat(IpamNames.requireHost("ip-10-0-0-1.ec2.internal")).isNotEmpty();
    assertThatThrownBy(() -> IpamNames.requireHandle("x".repeat(513)))
        .hasMessage(
            "handle 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is 513 characters, more than the limit of 512");
    assertThatThrownBy(() -> IpamNames.requireHost("node."))
        .hasMessage("malformed host name 'node.': it must start and end with a letter or a digit");
    assertThatThrownBy(() -> IpamNames.requireHandle(null)).hasMessage("handle must not be null");
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().withChars("aZ09-._:@+=~,/ é\n").ofMaxLength(20),
        Arbitraries.strings().alpha().numeric().ofMinLength(250).ofMaxLength(260));
  }
}
