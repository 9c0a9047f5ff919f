package dev.gingham.cni.install;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The jars a plugin runs from: the running JVM's class path with every jar's manifest {@code
 * Class-Path} followed (as {@code java -jar gingham-cli.jar} finds its {@code lib/}), copied into
 * one directory; a directory on the class path (a build's {@code target/classes}) is packed into a
 * jar there, because AppCDS archives classes from jars only.
 */
final class ClassPathJars {
  private ClassPathJars() {}

  /** The running JVM's class path, manifests followed, in order, without duplicates. */
  static List<Path> current() {
    Set<Path> out = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        add(Path.of(e).toAbsolutePath().normalize(), out);
      }
    }
    return new ArrayList<>(out);
  }

  /** {@code entry} and, through its manifest's {@code Class-Path}, the jars it names, in order. */
  static List<Path> of(Path entry) {
    Set<Path> out = new LinkedHashSet<>();
    add(entry.toAbsolutePath().normalize(), out);
    return new ArrayList<>(out);
  }

  private static void add(Path entry, Set<Path> out) {
    if (!Files.exists(entry) || !out.add(entry) || Files.isDirectory(entry)) {
      return;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      Manifest m = jar.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (cp == null) {
        return;
      }
      Path dir = entry.getParent();
      for (String rel : cp.trim().split("\\s+")) {
        if (!rel.isEmpty() && dir != null) {
          add(dir.resolve(rel).toAbsolutePath().normalize(), out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the jar " + entry, e);
    }
  }

  /**
   * Copies the entries into {@code lib}, directories packed as jars.
   *
   * @return the copies, in class path order
   */
  static List<Path> copy(List<Path> entries, Path lib) throws IOException {
    Files.createDirectories(lib);
    List<Path> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    int dirs = 0;
    for (Path e : entries) {
      String name;
      if (Files.isDirectory(e)) {
        name = "classes-" + dirs++ + ".jar";
      } else {
        name = e.getFileName().toString();
      }
      String unique = name;
      for (int i = 1; !names.add(unique); i++) {
        unique = i + "-" + name;
      }
      Path target = lib.resolve(unique);
      if (Files.isDirectory(e)) {
        pack(e, target);
      } else {
        Files.copy(e, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Read once here, so that a jar that is not one is named; later readers would not.
        try (JarFile j = new JarFile(target.toFile())) {
          j.getManifest();
        } catch (IOException x) {
          throw new IOException("cannot read the jar " + e + ": " + x.getMessage(), x);
        }
      }
      out.add(target);
    }
    return out;
  }

  private static void pack(Path dir, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream o = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(o)) {
      for (Path f : files) {
        String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        j.putNextEntry(new JarEntry(name));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }
}
