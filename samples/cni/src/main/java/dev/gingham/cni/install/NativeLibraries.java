package dev.gingham.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The native libraries that sqlite-jdbc and jffi (jnr-ffi's native invoker, which the Linux
 * dataplane calls) unpack from their jars into a temporary file on every start, unpacked once at
 * install time instead; the launchers point the libraries at them with system properties. A plugin
 * starts once per call, so the unpacking was a large share of each call.
 */
final class NativeLibraries {
  private NativeLibraries() {}

  /**
   * Unpacks what it finds among the jars into {@code dir}.
   *
   * @return the JVM options that make the libraries load from there
   */
  static List<String> unpack(List<Path> jars, Path dir) throws IOException {
    String arch = arch();
    String sqlite = "org/sqlite/native/Linux/" + arch + "/libsqlitejdbc.so";
    String jffi = "jni/" + arch + "-Linux/libjffi-1.2.so";
    List<String> options = new ArrayList<>();
    for (Path jar : jars) {
      try (JarFile f = new JarFile(jar.toFile())) {
        JarEntry s = f.getJarEntry(sqlite);
        if (s != null) {
          Path target = extract(f, s, dir.resolve("sqlite"));
          options.add("-Dorg.sqlite.lib.path=" + target.getParent());
          options.add("-Dorg.sqlite.lib.name=" + target.getFileName());
          // Its loader lists this directory at every start to delete stale extractions; the
          // library's own directory is a one-file listing, the host's /tmp may hold thousands.
          options.add("-Dorg.sqlite.tmpdir=" + target.getParent());
        }
        JarEntry j = f.getJarEntry(jffi);
        if (j != null) {
          Path target = extract(f, j, dir.resolve("jffi"));
          options.add("-Djffi.boot.library.path=" + target.getParent());
        }
      }
    }
    return options;
  }

  private static Path extract(JarFile jar, JarEntry entry, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(Path.of(entry.getName()).getFileName().toString());
    try (InputStream in = jar.getInputStream(entry)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static String arch() {
    String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return a.equals("amd64") ? "x86_64" : a;
  }
}
