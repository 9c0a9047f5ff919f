package dev.gingham.cni.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The environment reader and the version reader fed random values: each reads or fails with its one
 * code (4 for the environment, 1 for versions), and what reads is what was given.
 */
class CniEnvironmentProperties {
  @Property(tries = 2000)
  void randomEnvironmentsReadOrFailWithCode4(
      @ForAll("commands") String command,
      @ForAll("values") String id,
      @ForAll("values") String netns,
      @ForAll("values") String ifname,
      @ForAll("values") String args) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", id);
    env.put("CNI_NETNS", netns);
    env.put("CNI_IFNAME", ifname);
    env.put("CNI_ARGS", args);
    env.put("CNI_PATH", "/opt/cni/bin");
    try {
      CniEnvironment e = CniEnvironment.from(env);
      assertThat(e.command().name()).isEqualTo(command);
      assertThat(e.containerId()).isEqualTo(id);
      assertThat(e.ifname()).isEqualTo(ifname);
    } catch (CniException e) {
      assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_ENVIRONMENT);
    }
  }

  @Property(tries = 2000)
  void versionsReadOrFailWithCode1(@ForAll("versionTexts") String text) {
    try {
      CniVersion v = CniVersion.parse(text);
      assertThat(v.toString())
          .isEqualTo(text.isEmpty() ? "0.1.0" : text.replaceAll("(^|\\.)0+(\\d)", "$1$2"));
    } catch (CniException e) {
      assertThat(e.code()).isEqualTo(ErrorCodes.INCOMPATIBLE_VERSION);
    }
  }

  @Property
  void everySupportedVersionReadsBackAndOrders(@ForAll("supported") CniVersion v) {
    assertThat(CniVersion.requireSupported(v.toString())).isEqualTo(v);
    assertThat(v.atLeast(CniVersion.V0_3_0)).isTrue();
    assertThat(CniVersion.LATEST.atLeast(v)).isTrue();
  }

  @Provide
  Arbitrary<CniVersion> supported() {
    return Arbitraries.of(CniVersion.SUPPORTED);
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.oneOf(
        Arbitraries.of("ADD", "DEL", "CHECK", "STATUS", "GC", "VERSION"),
        Arbitraries.strings().ofMaxLength(8));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of("eth0", "c0ffee", "/run/netns/x", "K8S_POD_NAME=a;K8S_POD_NAMESPACE=b", ""),
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().withChars("abc/.:=; -_0").ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> versionTexts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789.").ofMaxLength(12),
        Arbitraries.strings().ofMaxLength(12));
  }
}
