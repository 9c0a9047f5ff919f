package dev.gingham.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any class path of small jars, plain and multi-release, with names shared between them: the merged
 * jar gives every name what the class path gives ({@code getResource}), and every service file the
 * class path's files joined in order ({@code getResources}).
 */
class MergedJarProperties {
  private static final List<String> NAMES =
      List.of(
          "p/A.class",
          "p/B.class",
          "q/C.class",
          "r.txt",
          "META-INF/LICENSE",
          "META-INF/versions/9/p/A.class",
          "META-INF/versions/11/p/B.class",
          "META-INF/versions/17/q/C.class",
          "META-INF/versions/21/p/A.class",
          "META-INF/services/s.Api",
          "META-INF/services/s.Other",
          "module-info.class");

  /**
   * The names a class loader asks for. Not {@code META-INF/versions/...} itself: a plain jar's
   * entries there are left out of a multi-release merge, where they would turn into versions.
   */
  private static final List<String> LOGICAL =
      List.of("p/A.class", "p/B.class", "q/C.class", "r.txt", "META-INF/LICENSE");

  /** One jar: whether it is multi-release, and its entries. */
  record Jar(boolean multiRelease, Map<String, String> entries) {}

  @Provide
  Arbitrary<List<Jar>> classPaths() {
    Arbitrary<Map<String, String>> entries =
        Arbitraries.maps(
                Arbitraries.of(NAMES), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6))
            .ofMaxSize(NAMES.size());
    Arbitrary<Jar> jar = Combinators.combine(Arbitraries.of(true, false), entries).as(Jar::new);
    return jar.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 60)
  void theMergedJarReadsAsTheClassPath(
      @ForAll("classPaths") List<Jar> classPath, @ForAll("features") int feature)
      throws IOException {
    Path dir = Files.createTempDirectory("gingham-merged-jar");
    try {
      List<Path> jars = new ArrayList<>();
      for (int i = 0; i < classPath.size(); i++) {
        Jar j = classPath.get(i);
        Map<String, String> entries = new LinkedHashMap<>(j.entries());
        // Service files hold provider lines, as the real ones do.
        entries.replaceAll((k, v) -> k.startsWith("META-INF/services/") ? v + "\n" : v);
        jars.add(TestJars.write(dir.resolve(i + ".jar"), j.multiRelease(), entries));
      }
      Path merged = dir.resolve("merged.jar");
      MergedJar.write(jars, merged, feature);
      for (String name : LOGICAL) {
        assertThat(TestJars.versioned(List.of(merged), name, feature))
            .as("%s on Java %d", name, feature)
            .isEqualTo(TestJars.versioned(jars, name, feature));
      }
      if (feature == Runtime.version().feature()) {
        // The same through the class loader the JVM uses, for the JDK running this test.
        for (String name : LOGICAL) {
          assertThat(TestJars.resource(List.of(merged), name))
              .as(name)
              .isEqualTo(TestJars.resource(jars, name));
        }
      }
      for (String service : List.of("META-INF/services/s.Api", "META-INF/services/s.Other")) {
        List<String> parts = TestJars.resources(jars, service);
        String expected = parts.isEmpty() ? null : String.join("\n", parts) + "\n";
        assertThat(TestJars.resource(List.of(merged), service)).as(service).isEqualTo(expected);
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The JDK the merge is for: the one running the test, and others around the versions used. */
  @Provide
  Arbitrary<Integer> features() {
    return Arbitraries.of(Runtime.version().feature(), 9, 11, 17, 21, 25);
  }
}
