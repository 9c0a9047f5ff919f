package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java home's version, read from its {@code release} file, and what it makes of the start-up
 * archive and the launchers' options; homes that are not one are refused by name.
 */
class TargetJvmTest {
  @TempDir Path dir;

  @Test
  void theRunningJvmIsItsOwnHome() {
    TargetJvm current = TargetJvm.current();
    assertThat(current.feature()).isEqualTo(Runtime.version().feature());
    TargetJvm read = TargetJvm.of(Path.of(System.getProperty("java.home")));
    assertThat(read.feature()).isEqualTo(current.feature());
    assertThat(read.java()).isEqualTo(current.java());
  }

  @Test
  void jdk17GetsAnAppCdsArchiveAndTheJresLocaleData() throws IOException {
    TargetJvm jvm = TargetJvm.of(home("17", "JAVA_VERSION=\"17.0.15\"\n"));
    assertThat(jvm.feature()).isEqualTo(17);
    assertThat(jvm.aotCache()).isFalse();
    assertThat(jvm.archiveName()).isEqualTo("AppCDS archive");
    assertThat(jvm.options()).containsExactly("-Djava.locale.providers=COMPAT,CLDR");
  }

  @Test
  void jdk21HasNeitherTheLegacyLocaleDataNorAnAotCache() throws IOException {
    TargetJvm jvm = TargetJvm.of(home("21", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21\"\n"));
    assertThat(jvm.aotCache()).isFalse();
    assertThat(jvm.options()).isEmpty();
  }

  @Test
  void jdk25GetsAnAotCacheAndNativeAccess() throws IOException {
    TargetJvm jvm = TargetJvm.of(home("25", "JAVA_VERSION=\"25.0.3\"\nJAVA_VERSION_DATE=\"x\"\n"));
    assertThat(jvm.feature()).isEqualTo(25);
    assertThat(jvm.aotCache()).isTrue();
    assertThat(jvm.archiveName()).isEqualTo("AOT cache");
    assertThat(jvm.options()).containsExactly("--enable-native-access=ALL-UNNAMED");
  }

  @Test
  void noTargetOlderThan17CanBeMade() {
    assertThatThrownBy(() -> new TargetJvm(Path.of("/usr/bin/java"), 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Java 11 cannot run the plugins");
  }

  @Test
  void javaBefore17IsRefused() throws IOException {
    Path home = home("8", "JAVA_VERSION=\"1.8.0_392\"\n");
    assertThatThrownBy(() -> TargetJvm.of(home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is Java 8; the plugins need Java 17 or later");
  }

  @Test
  void aHomeWithoutJavaOrAVersionIsRefusedByName() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> TargetJvm.of(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + empty + "' is not a Java home: no executable");
    Path noRelease = home("norelease", null);
    assertThatThrownBy(() -> TargetJvm.of(noRelease))
        .hasMessageContaining("cannot read " + noRelease.resolve("release"));
    Path noVersion = home("noversion", "IMPLEMENTOR=\"x\"\nJAVA_VERSION_DATE=\"2026\"\n");
    assertThatThrownBy(() -> TargetJvm.of(noVersion)).hasMessageContaining("names no JAVA_VERSION");
    Path huge = home("huge", "JAVA_VERSION=\"99999999999\"\n");
    assertThatThrownBy(() -> TargetJvm.of(huge)).hasMessageContaining("out of range: 99999999999");
  }

  private Path home(String name, String release) throws IOException {
    return FakeJavaHome.write(
        dir.resolve(name), release == null ? null : release.getBytes(StandardCharsets.UTF_8));
  }
}
