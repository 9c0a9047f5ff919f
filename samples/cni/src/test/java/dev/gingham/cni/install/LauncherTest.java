package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's JVM command per kind of start-up archive, and its JVM log kept off stdout. */
class LauncherTest {
  private static final Path ARCHIVE = Path.of("/opt/cni/bin/gingham.d/v3/gingham.x");

  private static String setLine(Path archive, boolean aotCache) {
    return Launcher.script(
            "/usr/bin/java",
            List.of("-Da=b"),
            List.of(Path.of("/opt/cni/bin/gingham.d/v3/lib/gingham-plugins.jar")),
            archive,
            aotCache,
            "dev.gingham.cni.GinghamPlugin",
            "gingham",
            Path.of("/opt/cni/bin/gingham.d/v3/delegate-client.pl"))
        .lines()
        .filter(l -> l.startsWith("set -- "))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anAotCacheIsMappedInAutoModeWithItsLogsSilenced() {
    assertThat(setLine(ARCHIVE, true))
        .startsWith("set -- '/usr/bin/java' -Xlog:disable -Xlog:all=warning:stderr ")
        .contains(" -XX:AOTCache='" + ARCHIVE + "' -Xlog:aot*=off:stderr -Xlog:cds*=off:stderr ")
        .doesNotContain("SharedArchiveFile", "AOTMode");
  }

  @Test
  void anAppCdsArchiveIsMappedWhereItWasDumped() {
    assertThat(setLine(ARCHIVE, false))
        .startsWith("set -- '/usr/bin/java' -Xlog:disable -Xlog:all=warning:stderr ")
        .contains(" -XX:SharedArchiveFile='" + ARCHIVE + "' -Xshare:auto -Xlog:cds*=off:stderr ")
        .contains(" -XX:ArchiveRelocationMode=0 ")
        .doesNotContain("AOTCache");
  }

  @Test
  void withoutAnArchiveTheJvmStillLogsToStderr() {
    assertThat(setLine(null, true))
        .startsWith("set -- '/usr/bin/java' -Xlog:disable -Xlog:all=warning:stderr '-Da=b' -cp ")
        .doesNotContain("AOTCache", "SharedArchiveFile")
        .endsWith(" dev.gingham.cni.GinghamPlugin \"$@\"");
  }
}
