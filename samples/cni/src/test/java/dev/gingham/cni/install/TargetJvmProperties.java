package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any {@code release} file, garbage or near miss, gives the version its {@code JAVA_VERSION} line
 * names, or a refusal that names the home; a Java older than 17 is always refused.
 */
class TargetJvmProperties {
  private static final Pattern LEADING_NUMBER = Pattern.compile("^(?:1\\.)?(\\d+)");

  @Property(tries = 100)
  void garbageIsRefusedByName(@ForAll byte[] release) throws IOException {
    check(release, null);
  }

  @Provide
  Arbitrary<String> versions() {
    return Arbitraries.oneOf(
        Arbitraries.of("17", "17.0.15", "1.8.0_392", "11.0.2", "21-ea", "25.0.3", "9", "1.", ""),
        Arbitraries.strings().withChars("0123456789.-_+ea").ofMaxLength(14),
        Arbitraries.integers().between(0, 400).map(String::valueOf));
  }

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.of(
        "", "IMPLEMENTOR=\"x\"\n", "JAVA_VERSION_DATE=\"2026\"\n", "# JAVA_VERSION=\"99\"\n");
  }

  @Property(tries = 300)
  void aNearMissGivesItsVersionOrARefusal(
      @ForAll("lines") String before,
      @ForAll("versions") String version,
      @ForAll boolean quoted,
      @ForAll("lines") String after)
      throws IOException {
    String q = quoted ? "\"" : "";
    String text = before + "JAVA_VERSION=" + q + version + q + "\n" + after;
    Integer expected = null;
    Matcher m = LEADING_NUMBER.matcher(version);
    if (quoted && m.find()) {
      java.math.BigInteger feature = new java.math.BigInteger(m.group(1));
      if (feature.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) <= 0
          && feature.intValue() >= TargetJvm.MINIMUM) {
        expected = feature.intValue();
      }
    }
    check(text.getBytes(StandardCharsets.UTF_8), expected);
  }

  @Property(tries = 100)
  void theFeatureIsTheFirstNumberOfJavaVersion(
      @ForAll @IntRange(min = 17, max = 400) int feature,
      @ForAll @IntRange(min = 0, max = 99) int update)
      throws IOException {
    String text = "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + feature + ".0." + update + "\"\n";
    Path home = home(text.getBytes(StandardCharsets.UTF_8));
    try {
      TargetJvm jvm = TargetJvm.of(home);
      assertThat(jvm.feature()).isEqualTo(feature);
      assertThat(jvm.aotCache()).isEqualTo(feature >= TargetJvm.AOT_CACHE);
    } finally {
      deleteHome(home);
    }
  }

  /** Reads a home with {@code release}: the {@code expected} feature, or a refusal if null. */
  private static void check(byte[] release, Integer expected) throws IOException {
    Path home = home(release);
    try {
      TargetJvm jvm = TargetJvm.of(home);
      assertThat(expected).as("accepted %s", jvm).isNotNull();
      assertThat(jvm.feature()).isEqualTo(expected);
    } catch (IllegalArgumentException e) {
      assertThat(expected).as(e.getMessage()).isNull();
      assertThat(e.getMessage()).contains(home.toString());
    } finally {
      deleteHome(home);
    }
  }

  private static Path home(byte[] release) throws IOException {
    return FakeJavaHome.write(Files.createTempDirectory("gingham-target-jvm"), release);
  }

  private static void deleteHome(Path home) throws IOException {
    Files.deleteIfExists(home.resolve("bin/java"));
    Files.deleteIfExists(home.resolve("bin"));
    Files.deleteIfExists(home.resolve("release"));
    Files.deleteIfExists(home);
  }
}
