package dev.gingham.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/** Small jars written by tests, and what a class loader over some jars reads of a name. */
final class TestJars {
  private TestJars() {}

  /** Writes a jar of {@code entries} (name to text), multi-release if asked. */
  static Path write(Path file, boolean multiRelease, Map<String, String> entries)
      throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (multiRelease) {
      m.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
    }
    try (OutputStream f = Files.newOutputStream(file);
        JarOutputStream out = new JarOutputStream(f, m)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }

  /** What {@link ClassLoader#getResource} gives for {@code name} over {@code jars}, or null. */
  static String resource(List<Path> jars, String name) throws IOException {
    try (URLClassLoader l = loader(jars)) {
      URL u = l.getResource(name);
      return u == null ? null : read(u);
    }
  }

  /**
   * What a class path of {@code jars} gives for {@code name} on a JDK of release {@code feature}:
   * the first jar whose view for that release holds it ({@link JarFile}'s versioned view, as the
   * JDK's class loader opens a multi-release jar), or null.
   */
  static String versioned(List<Path> jars, String name, int feature) throws IOException {
    for (Path jar : jars) {
      try (JarFile f =
          new JarFile(
              jar.toFile(), false, ZipFile.OPEN_READ, Runtime.Version.parse("" + feature))) {
        JarEntry e = f.getJarEntry(name);
        if (e != null) {
          try (InputStream in = f.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    return null;
  }

  /** What {@link ClassLoader#getResources} gives for {@code name} over {@code jars}, in order. */
  static List<String> resources(List<Path> jars, String name) throws IOException {
    try (URLClassLoader l = loader(jars)) {
      List<String> out = new ArrayList<>();
      for (URL u : Collections.list(l.getResources(name))) {
        out.add(read(u));
      }
      return out;
    }
  }

  private static URLClassLoader loader(List<Path> jars) throws IOException {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = jars.get(i).toUri().toURL();
    }
    return new URLClassLoader(urls, null);
  }

  private static String read(URL u) throws IOException {
    java.net.URLConnection c = u.openConnection();
    c.setUseCaches(false);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
