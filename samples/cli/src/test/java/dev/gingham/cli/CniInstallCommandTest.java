package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.cni.runtime.PluginExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gingham cni install}: launchers that run, the jars, the example conflist; bad dirs. */
class CniInstallCommandTest {
  @TempDir Path dir;

  @Test
  void installsLaunchersThatAnswerVersionAndAnExampleConflist() throws Exception {
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r =
          cli.run(
              "cni",
              "install",
              "--dir",
              dir.resolve("bin").toString(),
              "--conf-dir",
              dir.resolve("net.d").toString(),
              "--no-appcds");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("installed " + dir.resolve("bin/gingham"));
      assertThat(r.out()).contains("no start-up archive (--no-appcds)");
    }
    for (String plugin : new String[] {"gingham", "gingham-ipam"}) {
      Path launcher = dir.resolve("bin").resolve(plugin);
      assertThat(Files.isExecutable(launcher)).isTrue();
      PluginExecutor.Exec version =
          PluginExecutor.run(
              List.of(), launcher, Map.of("CNI_COMMAND", "VERSION"), "", Duration.ofSeconds(60));
      assertThat(version.exit()).as(version.toString()).isZero();
      assertThat(version.stdout())
          .contains("\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
    }
    // The jars every call needs are merged into one, which names them.
    try (JarFile merged =
        new JarFile(dir.resolve("bin/gingham.d/v1/lib/gingham-plugins.jar").toFile())) {
      assertThat(merged.getManifest().getMainAttributes().getValue("Gingham-Merged-From"))
          .contains("gingham-cni")
          .contains("jackson-databind");
      assertThat(merged.getEntry("dev/gingham/cni/GinghamPlugin.class")).isNotNull();
    }
    String conflist = Files.readString(dir.resolve("net.d/10-gingham.conflist"));
    assertThat(conflist).contains("\"type\": \"gingham\"").contains("\"type\": \"gingham-ipam\"");
  }

  @Test
  void aJavaThatIsNoJavaHomeIsAValidationErrorAndInstallsNothing() throws IOException {
    Path notAHome = Files.createDirectories(dir.resolve("not-a-jdk"));
    Path bin = dir.resolve("bin");
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r =
          cli.run("cni", "install", "--dir", bin.toString(), "--java", notAHome.toString());
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(r.err()).contains("--java").contains(notAHome + "' is not a Java home");
    }
    assertThat(bin).doesNotExist();
  }

  @Test
  void aBinDirThatIsAFileIsAValidationError() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    try (Cli cli = new Cli(Cli.Store.MEMORY, dir)) {
      Cli.Result r = cli.run("cni", "install", "--dir", file.toString(), "--no-appcds");
      assertThat(r.code()).isEqualTo(ExitCodes.VALIDATION);
      assertThat(r.err()).contains(file.toString());
    }
  }
}
