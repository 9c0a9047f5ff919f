package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merged jar reads as the class path did; what describes one jar only is left out. */
class MergedJarTest {
  @TempDir Path dir;

  @Test
  void theFirstJarWinsAndServiceFilesAreJoinedInOrder() throws Exception {
    Path a =
        TestJars.write(
            dir.resolve("a.jar"),
            false,
            Map.of(
                "p/X.class", "a-x",
                "META-INF/services/s.Api", "impl.A\n",
                "META-INF/io.netty.versions.properties", "netty-a=1"));
    Path b =
        TestJars.write(
            dir.resolve("b.jar"),
            false,
            Map.of(
                "p/X.class", "b-x",
                "p/Y.class", "b-y",
                "META-INF/services/s.Api", "impl.B",
                "META-INF/io.netty.versions.properties", "netty-b=1"));
    Path merged = dir.resolve("m.jar");
    MergedJar.write(List.of(a, b), merged, Runtime.version().feature());

    assertThat(TestJars.resource(List.of(merged), "p/X.class")).isEqualTo("a-x");
    assertThat(TestJars.resource(List.of(merged), "p/Y.class")).isEqualTo("b-y");
    assertThat(TestJars.resource(List.of(merged), "META-INF/services/s.Api"))
        .isEqualTo("impl.A\n\nimpl.B\n");
    assertThat(TestJars.resource(List.of(merged), "META-INF/io.netty.versions.properties"))
        .contains("netty-a=1")
        .contains("netty-b=1");
    try (JarFile j = new JarFile(merged.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue(MergedJar.MERGED_FROM))
          .isEqualTo("a.jar b.jar");
      assertThat(j.isMultiRelease()).isFalse();
    }
  }

  @Test
  void aMultiReleaseJarKeepsItsVersionsAndOnlyItsOwn() throws Exception {
    // plain.jar comes first with p/X: the class path reads its X on every JDK, so the later
    // multi-release jar's X, base and versioned, must not come back through the merged jar.
    Path plain =
        TestJars.write(
            dir.resolve("plain.jar"),
            false,
            Map.of("p/X.class", "plain-x", "META-INF/versions/9/p/Z.class", "not-versioned"));
    Path mr =
        TestJars.write(
            dir.resolve("mr.jar"),
            true,
            Map.of(
                "p/X.class", "mr-x",
                "META-INF/versions/9/p/X.class", "mr-x-9",
                "q/W.class", "mr-w",
                "META-INF/versions/11/q/W.class", "mr-w-11",
                "META-INF/versions/9/module-info.class", "module",
                "module-info.class", "module"));
    Path merged = dir.resolve("m.jar");
    MergedJar.write(List.of(plain, mr), merged, Runtime.version().feature());

    for (String name : List.of("p/X.class", "q/W.class", "p/Z.class", "module-info.class")) {
      assertThat(TestJars.resource(List.of(merged), name))
          .as(name)
          .isEqualTo(TestJars.resource(List.of(plain, mr), name));
    }
    assertThat(TestJars.resource(List.of(merged), "q/W.class")).isEqualTo("mr-w-11");
    try (JarFile j = new JarFile(merged.toFile())) {
      assertThat(j.isMultiRelease()).isTrue();
      assertThat(j.getManifest().getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))
          .isEqualTo("true");
      assertThat(j.getEntry("META-INF/versions/9/p/Z.class")).isNull();
      assertThat(j.getEntry("META-INF/versions/9/p/X.class")).isNull();
      assertThat(j.getEntry("module-info.class")).isNull();
    }
  }

  @Test
  void aVersionIsReadByTheJdksOfThatReleaseAndLater() {
    assertThat(MergedJar.readBy("META-INF/versions/17/p/A.class", 17)).isTrue();
    assertThat(MergedJar.readBy("META-INF/versions/9/p/A.class", 17)).isTrue();
    assertThat(MergedJar.readBy("META-INF/versions/21/p/A.class", 17)).isFalse();
    assertThat(MergedJar.readBy("META-INF/versions/x/p/A.class", 17)).isFalse();
    assertThat(MergedJar.readBy("META-INF/versions//p/A.class", 17)).isFalse();
    assertThat(MergedJar.readBy("META-INF/versions/9", 17)).isFalse();
  }

  @Test
  void signaturesManifestsAndModuleDescriptorsAreLeftOut() {
    assertThat(MergedJar.skipped("META-INF/MANIFEST.MF")).isTrue();
    assertThat(MergedJar.skipped("META-INF/BC1024KE.SF")).isTrue();
    assertThat(MergedJar.skipped("META-INF/BC1024KE.DSA")).isTrue();
    assertThat(MergedJar.skipped("META-INF/x.rsa")).isTrue();
    assertThat(MergedJar.skipped("META-INF/SIG-x")).isTrue();
    assertThat(MergedJar.skipped("module-info.class")).isTrue();
    assertThat(MergedJar.skipped("META-INF/versions/11/module-info.class")).isTrue();
    assertThat(MergedJar.skipped("META-INF/services/a.SF")).isFalse();
    assertThat(MergedJar.skipped("p/module-info.class")).isFalse();
    assertThat(MergedJar.skipped("META-INF/LICENSE")).isFalse();
  }
}
