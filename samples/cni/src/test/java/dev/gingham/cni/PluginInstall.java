package dev.gingham.cni;

import dev.gingham.cni.install.CniInstaller;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugins as the tests run them: installed once per test JVM by the real installer, with an
 * AppCDS archive, into a temporary bin directory that is deleted when the JVM exits. The installed
 * class path is the test's main class path (the module's classes and its runtime dependencies),
 * without the test classes and test libraries.
 */
final class PluginInstall {
  private static CniInstaller.Result installed;
  private static Path root;

  private PluginInstall() {}

  /** The installation, made on first use. */
  static synchronized CniInstaller.Result get() {
    if (installed == null) {
      try {
        root = Files.createTempDirectory("gingham-cni-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      installed =
          CniInstaller.install(root.resolve("bin"), root.resolve("net.d"), mainClassPath(), true);
    }
    return installed;
  }

  /** The bin directory holding {@code gingham} and {@code gingham-ipam}. */
  static Path binDir() {
    return get().gingham().getParent();
  }

  /** The test JVM's class path less test classes and test-only libraries. */
  static List<Path> mainClassPath() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      String name = p.getFileName().toString();
      if (name.equals("test-classes")
          || name.contains("-tests.jar")
          || name.startsWith("junit-")
          || name.startsWith("jqwik")
          || name.startsWith("assertj-")
          || name.startsWith("opentest4j")
          || name.startsWith("apiguardian")
          || name.startsWith("byte-buddy")
          || name.startsWith("surefire")
          || name.startsWith("common-java5")
          || !Files.exists(p)) {
        continue;
      }
      out.add(p);
    }
    return out;
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
