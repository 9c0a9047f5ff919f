package dev.gingham.cni.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM the installed plugins run on, and what its version makes of their start-up archive.
 *
 * <p>From JDK 25 on, the archive is an AOT cache (JEP 483, recorded in one step by JEP 514's {@code
 * -XX:AOTCacheOutput}): a CDS archive that also holds the classes already linked and the
 * invokedynamic call sites of lambdas already resolved, which a plugin otherwise links on each of
 * its short lives. Before that it is a static AppCDS archive. The two are told apart by version,
 * read from the JDK's {@code release} file, so the installer needs no JVM start to learn it.
 *
 * @param java the {@code java} executable
 * @param feature the feature release, such as 17 or 25
 */
public record TargetJvm(Path java, int feature) {
  /**
   * @throws IllegalArgumentException if {@code feature} is older than 17, for which the plugins are
   *     not compiled
   */
  public TargetJvm {
    if (feature < MINIMUM) {
      throw new IllegalArgumentException(
          "Java " + feature + " cannot run the plugins: they need Java " + MINIMUM + " or later");
    }
  }

  /** The release the plugins are compiled for. */
  static final int MINIMUM = 17;

  /** The first release whose {@code -XX:AOTCacheOutput} records an AOT cache in one run. */
  static final int AOT_CACHE = 25;

  /** The first release that warns when the JRE's legacy locale data (COMPAT) is asked for. */
  private static final int LEGACY_LOCALE_DATA_DEPRECATED = 21;

  /** The first release that warns on stderr when a library in the class path loads JNI code. */
  private static final int NATIVE_ACCESS_WARNING = 24;

  private static final Pattern JAVA_VERSION =
      Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)[^\"]*\"");

  /** The JVM running this code. */
  public static TargetJvm current() {
    return new TargetJvm(
        Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
  }

  /**
   * The JVM of a Java home. Links are resolved, so an install made through an alternatives link
   * (such as {@code /usr/lib/jvm/default-java}) keeps the JDK it was made for, whose version its
   * options and archive depend on.
   *
   * @throws IllegalArgumentException if {@code home} has no executable {@code bin/java}, no {@code
   *     release} file that names its version, or a Java older than 17
   */
  public static TargetJvm of(Path home) {
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException(
          "'" + home + "' is not a Java home: no executable " + java);
    }
    Path release = home.resolve("release");
    String text;
    Path real;
    try {
      real = java.toRealPath();
      // Latin-1 reads any bytes; a release file that is not text then names no JAVA_VERSION.
      text = Files.readString(release, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "'" + home + "' is not a Java home: cannot read " + release, e);
    }
    Matcher m = JAVA_VERSION.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "'" + home + "' is not a Java home: " + release + " names no JAVA_VERSION");
    }
    int feature = parseFeature(m.group(1), release);
    if (feature < MINIMUM) {
      throw new IllegalArgumentException(
          "'" + home + "' is Java " + feature + "; the plugins need Java " + MINIMUM + " or later");
    }
    return new TargetJvm(real, feature);
  }

  /**
   * The Java homes directly under {@code root} (such as {@code /usr/lib/jvm}), in name order, each
   * JDK once (Debian links several names to one); entries that are not one, or are older than 17,
   * are left out. No {@code root}, no homes.
   *
   * @throws UncheckedIOException if {@code root} cannot be listed
   */
  public static List<TargetJvm> installed(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    Map<Path, TargetJvm> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path home : s.sorted().toList()) {
        try {
          TargetJvm jvm = of(home);
          out.putIfAbsent(jvm.java(), jvm);
        } catch (IllegalArgumentException notAJavaHome) {
          // A directory without a JDK in it, or one older than 17.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return List.copyOf(out.values());
  }

  /** The newest JDK under {@code root} that records an AOT cache (25 or later), if any. */
  public static Optional<TargetJvm> newestWithAotCache(Path root) {
    return installed(root).stream()
        .filter(TargetJvm::aotCache)
        .max(Comparator.comparingInt(TargetJvm::feature));
  }

  private static int parseFeature(String digits, Path release) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the JAVA_VERSION in " + release + " is out of range: " + digits, e);
    }
  }

  /** Whether the start-up archive is an AOT cache rather than an AppCDS archive. */
  public boolean aotCache() {
    return feature >= AOT_CACHE;
  }

  /**
   * What the start-up archive is called in messages: "AOT cache" or "AppCDS archive".
   *
   * @return the name
   */
  public String archiveName() {
    return aotCache() ? "AOT cache" : "AppCDS archive";
  }

  /**
   * Options this JVM needs beyond the launchers' shared ones.
   *
   * <ul>
   *   <li>Before JDK 21, the JRE's own locale data ahead of CLDR's: sqlite-jdbc builds a date
   *       parser for every connection, whose calendar asks the locale's first day of the week, and
   *       CLDR's first lookup costs a fresh JVM 10-15 ms of CPU on the path that opens the store.
   *       The plugins format no localized text. JDK 21 deprecates the JRE's data and 23 removes it.
   *   <li>From JDK 24, native access for the class path: sqlite-jdbc and jffi loading their JNI
   *       libraries would print four lines of warning on every call's stderr.
   * </ul>
   */
  List<String> options() {
    if (feature < LEGACY_LOCALE_DATA_DEPRECATED) {
      return List.of("-Djava.locale.providers=COMPAT,CLDR");
    }
    return feature >= NATIVE_ACCESS_WARNING
        ? List.of("--enable-native-access=ALL-UNNAMED")
        : List.of();
  }
}
