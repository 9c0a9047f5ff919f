package dev.gingham.cni.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The plugins' main class path merged into one jar, which reads as the class path did.
 *
 * <p>Why: every {@link java.util.ServiceLoader} lookup (the SPI finds its dataplane and datastore
 * providers so) opens every jar of the class path, reading its central directory and its manifest.
 * A plugin is a fresh JVM per call, and opening ~30 jars cost each call 15-20 ms of CPU, measured;
 * one jar of the same entries costs a fraction.
 *
 * <p>How it keeps the class path's meaning, taking the jars in class path order:
 *
 * <ul>
 *   <li>a name held by several jars comes from the first that holds it, as {@link
 *       ClassLoader#getResource} would find it, with all of that jar's versions of it ({@code
 *       META-INF/versions/N/} of a multi-release jar) and none of the others';
 *   <li>entries that readers list with {@link ClassLoader#getResources} are joined instead, in
 *       order: the service files under {@code META-INF/services/} and Netty's version file;
 *   <li>{@code META-INF/versions/} entries are kept only from multi-release jars, and only those
 *       the target JDK reads (a version up to its own): the merged jar is multi-release when one of
 *       the jars is, so each class resolves on that JDK as before. A version the JDK would not read
 *       must not make its jar the first to hold the name;
 *   <li>each jar's licence and notice files ({@code META-INF/LICENSE*}, {@code NOTICE*}, {@code
 *       COPYING*}) are also kept whole under {@code META-INF/licenses/JAR/}, as redistribution
 *       asks, whichever jar's copy the plain name keeps;
 *   <li>left out: each jar's manifest with its attributes (the merged one names its sources
 *       instead), {@code INDEX.LIST}, {@code module-info.class} files (ignored on the class path,
 *       and no single module describes the merge), signature files, which the merged bytes no
 *       longer match, and directory entries.
 * </ul>
 */
final class MergedJar {
  /** The attribute that names the merged jars, in order, for whoever inspects an install. */
  static final String MERGED_FROM = "Gingham-Merged-From";

  private static final String SERVICES = "META-INF/services/";
  private static final String VERSIONS = "META-INF/versions/";
  private static final Set<String> JOINED = Set.of("META-INF/io.netty.versions.properties");
  private static final String META_INF = "META-INF/";
  private static final String LICENSES = "META-INF/licenses/";

  private MergedJar() {}

  /**
   * Writes the merge of {@code jars} to {@code target}, for a JDK of release {@code feature}.
   *
   * @throws IOException if a jar cannot be read or the target written
   */
  static void write(List<Path> jars, Path target, int feature) throws IOException {
    // The manifest goes first, and says whether any jar is multi-release.
    boolean[] multiRelease = new boolean[jars.size()];
    boolean anyMultiRelease = false;
    for (int i = 0; i < jars.size(); i++) {
      try (JarFile in = new JarFile(jars.get(i).toFile(), false)) {
        multiRelease[i] = isMultiRelease(in);
      } catch (IOException | RuntimeException e) {
        throw cannotMerge(jars.get(i), e);
      }
      anyMultiRelease |= multiRelease[i];
    }
    Map<String, Path> owner = new HashMap<>();
    Set<String> written = new HashSet<>();
    Map<String, ByteArrayOutputStream> joined = new LinkedHashMap<>();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp);
        JarOutputStream out = new JarOutputStream(file, manifest(jars, anyMultiRelease))) {
      for (int i = 0; i < jars.size(); i++) {
        Path jar = jars.get(i);
        boolean mr = multiRelease[i];
        try (JarFile in = new JarFile(jar.toFile(), false)) {
          for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
            String name = e.getName();
            if (e.isDirectory()
                || skipped(name)
                || (name.startsWith(VERSIONS) && !(mr && readBy(name, feature)))) {
              continue;
            }
            if (isLegal(name)) {
              String copy = LICENSES + jar.getFileName() + "/" + name.substring(META_INF.length());
              copy(in, e, copy, out, written);
            }
            if (isJoined(name)) {
              ByteArrayOutputStream b =
                  joined.computeIfAbsent(name, k -> new ByteArrayOutputStream());
              try (InputStream s = in.getInputStream(e)) {
                s.transferTo(b);
              }
              b.write('\n');
            } else if (owner.computeIfAbsent(logicalName(name, mr), k -> jar).equals(jar)) {
              // A jar may hold a name twice; the class path reads the first, and so does this.
              copy(in, e, name, out, written);
            }
          }
        } catch (IOException | RuntimeException e) {
          throw cannotMerge(jar, e);
        }
      }
      for (Map.Entry<String, ByteArrayOutputStream> j : joined.entrySet()) {
        out.putNextEntry(new JarEntry(j.getKey()));
        j.getValue().writeTo(out);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static IOException cannotMerge(Path jar, Exception e) {
    return new IOException("cannot merge " + jar + ": " + e.getMessage(), e);
  }

  private static void copy(
      JarFile in, JarEntry e, String name, JarOutputStream out, Set<String> written)
      throws IOException {
    if (!written.add(name)) {
      return;
    }
    out.putNextEntry(new JarEntry(name));
    try (InputStream s = in.getInputStream(e)) {
      s.transferTo(out);
    }
    out.closeEntry();
  }

  /** A licence or notice file at the top of {@code META-INF/}. */
  static boolean isLegal(String name) {
    if (!name.startsWith(META_INF) || name.indexOf('/', META_INF.length()) >= 0) {
      return false;
    }
    String base = name.substring(META_INF.length()).toUpperCase(Locale.ROOT);
    return base.startsWith("LICENSE") || base.startsWith("NOTICE") || base.startsWith("COPYING");
  }

  private static Manifest manifest(List<Path> jars, boolean multiRelease) {
    Manifest m = new Manifest();
    Attributes a = m.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (multiRelease) {
      a.put(Attributes.Name.MULTI_RELEASE, "true");
    }
    a.putValue(
        MERGED_FROM,
        jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" ")));
    return m;
  }

  private static boolean isMultiRelease(JarFile jar) throws IOException {
    Manifest m = jar.getManifest();
    return m != null
        && "true"
            .equalsIgnoreCase(
                m.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE.toString()));
  }

  /** Whether a JDK of release {@code feature} reads this {@code META-INF/versions/N/} entry. */
  static boolean readBy(String versioned, int feature) {
    int slash = versioned.indexOf('/', VERSIONS.length());
    if (slash < 0) {
      return false;
    }
    String n = versioned.substring(VERSIONS.length(), slash);
    if (n.isEmpty() || n.length() > 4 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return Integer.parseInt(n) <= feature;
  }

  /** The name a class loader asks for: a multi-release jar's versioned entry less its prefix. */
  static String logicalName(String name, boolean multiRelease) {
    if (multiRelease && name.startsWith(VERSIONS)) {
      int slash = name.indexOf('/', VERSIONS.length());
      if (slash > 0) {
        return name.substring(slash + 1);
      }
    }
    return name;
  }

  private static boolean isJoined(String name) {
    return (name.startsWith(SERVICES) && name.indexOf('/', SERVICES.length()) < 0)
        || JOINED.contains(name);
  }

  /** Manifests, jar indexes, module descriptors and signatures, which describe one jar only. */
  static boolean skipped(String name) {
    if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME)
        || name.equalsIgnoreCase("META-INF/INDEX.LIST")
        || name.equals("module-info.class")
        || (name.startsWith(VERSIONS) && name.endsWith("/module-info.class"))) {
      return true;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.startsWith(META_INF)
        && upper.indexOf('/', META_INF.length()) < 0
        && (upper.endsWith(".SF")
            || upper.endsWith(".RSA")
            || upper.endsWith(".DSA")
            || upper.endsWith(".EC")
            || upper.startsWith("META-INF/SIG-"));
  }
}
