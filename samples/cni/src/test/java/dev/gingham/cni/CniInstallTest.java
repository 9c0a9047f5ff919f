package dev.gingham.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gingham.cni.install.CniInstaller;
import dev.gingham.cni.install.TargetJvm;
import dev.gingham.dataplane.linux.Prerequisites;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer: launchers on each plugin's main class, an AppCDS archive the JVM maps (checked
 * with {@code -Xshare:on}, which refuses to start on an archive it cannot use), a conflist that
 * reads, and a reinstall without the archive that replaces the first.
 */
class CniInstallTest {
  @TempDir Path dir;

  @Test
  void theArchiveIsMappedAndTheLaunchersNameIt() throws Exception {
    CniInstaller.Result r = PluginInstall.get();
    assertThat(r.archive()).as(r.notes()).isNotNull();
    String script = Files.readString(r.gingham());
    assertThat(script)
        .startsWith("#!/bin/sh\n")
        .contains("-XX:SharedArchiveFile='" + r.archive() + "'")
        .contains(" dev.gingham.cni.GinghamPlugin \"$@\"");
    assertThat(Files.readString(r.ginghamIpam()))
        .contains(" dev.gingham.cni.GinghamIpamPlugin \"$@\"");

    // The launcher's own command with -Xshare:on: the JVM exits at once if it cannot map the
    // archive.
    String line = script.lines().filter(l -> l.startsWith("set -- ")).findFirst().orElseThrow();
    String out = version(line.replace("-Xshare:auto", "-Xshare:on"));
    assertThat(out).contains("\"cniVersion\":\"1.1.0\"");

    assertThat(script).contains("-XX:ArchiveRelocationMode=0");

    // As root, the training wired a real pod: its class list names what only a successful ADD
    // loads (the dry run's list has neither).
    Prerequisites.require();
    assertThat(Files.readAllLines(r.archive().resolveSibling("gingham.classlist")))
        .contains("dev/gingham/core/WiredPod", "dev/gingham/cni/spec/CniResult$Interface");

    String conflist = Files.readString(r.conflist());
    assertThat(
            CniRuntime.JSON
                .readTree(conflist)
                .get("plugins")
                .get(0)
                .get("ipam")
                .get("type")
                .asText())
        .isEqualTo("gingham-ipam");
  }

  /**
   * On a JDK 25 or later the archive is an AOT cache: the launcher's command, run here in the JVM's
   * strict mode ({@code -XX:AOTMode=on}, which refuses to start on a cache it cannot use), answers
   * VERSION without a line of warning. JDK 25 is optional (Debian's JDK is 17, on which the plugins
   * run with AppCDS, tested above), so where none is installed there is nothing to test.
   */
  @Test
  void onJdk25TheLaunchersMapAnAotCache() throws Exception {
    Optional<TargetJvm> jdk = TargetJvm.newestWithAotCache(Path.of("/usr/lib/jvm"));
    assumeTrue(jdk.isPresent(), "no JDK 25 or later under /usr/lib/jvm");
    CniInstaller.Result r =
        CniInstaller.install(
            dir.resolve("bin"), null, PluginInstall.mainClassPath(), true, jdk.get());
    assertThat(r.archive()).as(r.notes()).isNotNull();
    assertThat(r.archive().getFileName()).hasToString("gingham.aot");
    String script = Files.readString(r.gingham());
    assertThat(script)
        .startsWith("#!/bin/sh\n")
        .contains("set -- '" + jdk.get().java() + "' ")
        .contains(" -XX:AOTCache='" + r.archive() + "'")
        .contains("'--enable-native-access=ALL-UNNAMED'")
        .doesNotContain("SharedArchiveFile")
        .doesNotContain("COMPAT");
    assertThat(Files.readString(r.ginghamIpam())).contains("-XX:AOTCache='" + r.archive() + "'");

    String line = script.lines().filter(l -> l.startsWith("set -- ")).findFirst().orElseThrow();
    String out = version(line.replace("-Xlog:aot*=off:stderr", "-XX:AOTMode=on"));
    assertThat(out).contains("\"cniVersion\":\"1.1.0\"").doesNotContainIgnoringCase("warning");
  }

  @Test
  void aReinstallWritesANewVersionAndDeletesTheOld() throws Exception {
    Path bin = dir.resolve("bin");
    // The layout before versions: jars, archive and client straight under gingham.d.
    Files.createDirectories(bin.resolve("gingham.d/lib"));
    Files.writeString(bin.resolve("gingham.d/lib/old.jar"), "x");
    Files.writeString(bin.resolve("gingham.d/gingham.jsa"), "x");
    CniInstaller.Result first =
        CniInstaller.install(bin, null, PluginInstall.mainClassPath(), false);
    assertThat(first.home()).isEqualTo(bin.resolve("gingham.d/v1"));
    assertThat(first.archive()).isNull();
    assertThat(first.conflist()).isNull();
    assertThat(Files.readString(first.gingham()))
        .doesNotContain("SharedArchiveFile")
        .contains("'" + first.home().resolve("lib/gingham-plugins.jar") + "'");
    assertThat(Files.list(bin.resolve("gingham.d"))).containsExactly(first.home());

    CniInstaller.Result second =
        CniInstaller.install(bin, dir.resolve("net.d"), PluginInstall.mainClassPath(), false);
    assertThat(second.home()).isEqualTo(bin.resolve("gingham.d/v2"));
    assertThat(Files.list(bin.resolve("gingham.d"))).containsExactly(second.home());
    assertThat(second.conflist()).exists();
    assertThat(Files.readString(second.ginghamIpam())).contains("'" + second.home() + "/lib/");
    assertThat(version(setLine(second.gingham()))).contains("\"cniVersion\":\"1.1.0\"");
  }

  @Test
  void aJarThatCannotBeReadFailsTheInstallByNameAndKeepsTheOneBefore() throws Exception {
    Path bin = dir.resolve("bin");
    CniInstaller.Result first =
        CniInstaller.install(bin, null, PluginInstall.mainClassPath(), false);
    Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");
    List<Path> classPath = new ArrayList<>(PluginInstall.mainClassPath());
    classPath.add(broken);
    assertThatThrownBy(() -> CniInstaller.install(bin, null, classPath, false))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot install the plugins into " + bin)
        .hasRootCauseInstanceOf(java.util.zip.ZipException.class)
        .cause()
        .hasMessageContaining("cannot read the jar " + broken);
    assertThat(Files.list(bin.resolve("gingham.d"))).containsExactly(first.home());
    assertThat(version(setLine(first.gingham()))).contains("\"cniVersion\":\"1.1.0\"");
  }

  /**
   * The options each JVM gets, checked on the launchers without running a JDK 25: the JVM's log
   * kept off stdout, the SLF4J binding named, COMPAT locale data only before JDK 21, native access
   * from JDK 24.
   */
  @Test
  void theLaunchersCarryTheOptionsOfTheirJdk() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    CniInstaller.Result jdk17 =
        CniInstaller.install(
            dir.resolve("b17"),
            null,
            PluginInstall.mainClassPath(),
            false,
            new TargetJvm(java, 17));
    CniInstaller.Result jdk25 =
        CniInstaller.install(
            dir.resolve("b25"),
            null,
            PluginInstall.mainClassPath(),
            false,
            new TargetJvm(java, 25));
    for (CniInstaller.Result r : List.of(jdk17, jdk25)) {
      assertThat(setLine(r.gingham()))
          .contains(" -Xlog:disable -Xlog:all=warning:stderr ")
          .contains("'-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider'");
    }
    assertThat(setLine(jdk17.gingham()))
        .contains("'-Djava.locale.providers=COMPAT,CLDR'")
        .doesNotContain("enable-native-access");
    assertThat(setLine(jdk25.gingham()))
        .contains("'--enable-native-access=ALL-UNNAMED'")
        .doesNotContain("COMPAT");
  }

  /**
   * Runs a launcher's {@code set -- JVM ...} line with CNI_COMMAND=VERSION; returns its stdout and
   * stderr after checking it exited 0.
   */
  private static String version(String setLine) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", setLine + "\nexec \"$@\""));
    pb.environment().put("CNI_COMMAND", "VERSION");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String setLine(Path launcher) throws Exception {
    return Files.readString(launcher)
        .lines()
        .filter(l -> l.startsWith("set -- "))
        .findFirst()
        .orElseThrow();
  }
}
