package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any {@code release} file gives a version read right, or a refusal that names the home. */
class TargetJvmProperties {
  @Property(tries = 200)
  void garbageIsAVersionOrARefusalThatNamesTheHome(@ForAll byte[] release) throws IOException {
    Path home = home(release);
    try {
      TargetJvm jvm = TargetJvm.of(home);
      assertThat(jvm.feature()).isGreaterThanOrEqualTo(TargetJvm.MINIMUM);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains(home.toString());
    } finally {
      deleteHome(home);
    }
  }

  @Property(tries = 100)
  void theFeatureIsTheFirstNumberOfJavaVersion(
      @ForAll @IntRange(min = 17, max = 400) int feature,
      @ForAll @IntRange(min = 0, max = 99) int update)
      throws IOException {
    String text = "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + feature + ".0." + update + "\"\n";
    Path home = home(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      TargetJvm jvm = TargetJvm.of(home);
      assertThat(jvm.feature()).isEqualTo(feature);
      assertThat(jvm.aotCache()).isEqualTo(feature >= TargetJvm.AOT_CACHE);
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
