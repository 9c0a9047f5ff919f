package dev.gingham.cni.install;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Splits the plugins' jars into those every call needs and those only the etcd store needs, so that
 * a call on SQLite neither opens nor scans the ~36 jars of jetcd, gRPC and their kin (~20 ms of CPU
 * per call, measured). The etcd jars then load in a class loader of their own, made only for an
 * {@code etcd://} URI ({@code dev.gingham.cni.plugin.EtcdClassPath}).
 *
 * <p>The split is computed from the bytecode, never guessed from names: a jar refers to another
 * when a constant of one of its classes names a class the other holds (class entries, type
 * descriptors, and any string that reads as a class name, dotted or not, which also catches most
 * reflection). The needed jars are the plugins' own, the jars without classes (native libraries),
 * every jar a needed one refers to, and every jar that provides a service ({@code
 * META-INF/services}) whose interface a needed jar or the JDK holds, except the etcd store's own
 * provider; the rest is etcd-only. If a needed jar refers to the etcd store, nothing is split.
 * Reading more constants as references than there are only keeps more jars on the main class path,
 * never fewer.
 */
final class EtcdJars {
  /** The package of the etcd store, which marks its jar. */
  static final String ETCD_PACKAGE = "dev/gingham/datastore/etcd/";

  /** The package of the plugins' main classes, where every call starts. */
  static final String PLUGIN_PACKAGE = "dev/gingham/cni/";

  private static final String SERVICES = "META-INF/services/";

  private EtcdJars() {}

  /**
   * The split.
   *
   * @param main the jars every call runs with, in class path order
   * @param etcdOnly the jars only the etcd store needs, in class path order; empty when there is no
   *     etcd store among the jars or nothing can be split off
   */
  record Split(List<Path> main, List<Path> etcdOnly) {}

  /** Splits {@code jars}, in class path order. */
  static Split split(List<Path> jars) throws IOException {
    int n = jars.size();
    Map<String, Integer> owner = new HashMap<>();
    List<List<String>> services = new ArrayList<>();
    BitSet classless = new BitSet();
    int etcd = -1;
    int plugins = -1;
    for (int i = 0; i < n; i++) {
      List<String> provided = new ArrayList<>();
      boolean anyClass = false;
      try (JarFile f = new JarFile(jars.get(i).toFile())) {
        for (JarEntry e : Collections.list(f.entries())) {
          String name = e.getName();
          if (name.startsWith(SERVICES) && name.length() > SERVICES.length()) {
            provided.add(name.substring(SERVICES.length()).replace('.', '/'));
          } else if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
            anyClass = true;
            // The first on the class path wins, as in a class loader.
            owner.putIfAbsent(name.substring(0, name.length() - ".class".length()), i);
            if (etcd < 0 && name.startsWith(ETCD_PACKAGE)) {
              etcd = i;
            }
            if (plugins < 0 && name.startsWith(PLUGIN_PACKAGE)) {
              plugins = i;
            }
          }
        }
      }
      services.add(provided);
      if (!anyClass) {
        classless.set(i);
      }
    }
    if (etcd < 0 || plugins < 0) {
      return new Split(List.copyOf(jars), List.of());
    }
    List<BitSet> refers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      refers.add(references(jars.get(i), owner, i));
    }
    BitSet needed = new BitSet();
    needed.set(plugins);
    // Native libraries and resources: no class refers to them by name, so they stay.
    needed.or(classless);
    needed = closure(refers, needed);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int i = needed.nextClearBit(0); i < n; i = needed.nextClearBit(i + 1)) {
        if (i != etcd && providesFor(services.get(i), owner, needed)) {
          needed.set(i);
          needed = closure(refers, needed);
          grew = true;
        }
      }
    }
    if (needed.get(etcd)) {
      return new Split(List.copyOf(jars), List.of());
    }
    List<Path> main = new ArrayList<>();
    List<Path> only = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (needed.get(i) ? main : only).add(jars.get(i));
    }
    return new Split(List.copyOf(main), List.copyOf(only));
  }

  /**
   * Whether a jar provides a service that the needed jars may look up: one whose interface a needed
   * jar holds, or the JDK (or nobody on the class path) does.
   */
  private static boolean providesFor(
      List<String> provided, Map<String, Integer> owner, BitSet needed) {
    for (String service : provided) {
      Integer o = owner.get(service);
      if (o == null || needed.get(o)) {
        return true;
      }
    }
    return false;
  }

  private static BitSet closure(List<BitSet> refers, BitSet start) {
    BitSet seen = (BitSet) start.clone();
    Deque<Integer> todo = new ArrayDeque<>();
    start.stream().forEach(todo::add);
    while (!todo.isEmpty()) {
      BitSet next = refers.get(todo.pop());
      for (int j = next.nextSetBit(0); j >= 0; j = next.nextSetBit(j + 1)) {
        if (!seen.get(j)) {
          seen.set(j);
          todo.push(j);
        }
      }
    }
    return seen;
  }

  /** The jars that the classes of jar {@code self} refer to. */
  private static BitSet references(Path jar, Map<String, Integer> owner, int self)
      throws IOException {
    BitSet out = new BitSet();
    try (JarFile f = new JarFile(jar.toFile())) {
      for (JarEntry e : Collections.list(f.entries())) {
        if (!e.getName().endsWith(".class")) {
          continue;
        }
        try (InputStream in = f.getInputStream(e)) {
          for (String s : constantStrings(in)) {
            mark(s, owner, out);
          }
        }
      }
    }
    out.clear(self);
    return out;
  }

  /** Marks the owners of every class name {@code s} holds or is. */
  private static void mark(String s, Map<String, Integer> owner, BitSet out) {
    String slashed = s.indexOf('.') >= 0 && s.indexOf('/') < 0 ? s.replace('.', '/') : s;
    Integer whole = owner.get(slashed);
    if (whole != null) {
      out.set(whole);
    }
    // Descriptors and signatures: every "L...;" (and "L...<" of a generic signature).
    for (int i = s.indexOf('L'); i >= 0; i = s.indexOf('L', i + 1)) {
      int end = i + 1;
      while (end < s.length() && s.charAt(end) != ';' && s.charAt(end) != '<') {
        end++;
      }
      if (end < s.length() && end > i + 1) {
        Integer o = owner.get(s.substring(i + 1, end));
        if (o != null) {
          out.set(o);
        }
      }
    }
  }

  /**
   * The UTF-8 constants of a class file (class names, descriptors, string literals).
   *
   * @throws IOException if it is not a class file
   */
  static List<String> constantStrings(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file (bad magic)");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    List<String> out = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1:
          byte[] b = new byte[in.readUnsignedShort()];
          in.readFully(b);
          out.add(new String(b, StandardCharsets.ISO_8859_1)); // class names are ASCII
          break;
        case 7:
        case 8:
        case 16:
        case 19:
        case 20:
          in.skipNBytes(2);
          break;
        case 15:
          in.skipNBytes(3);
          break;
        case 3:
        case 4:
        case 9:
        case 10:
        case 11:
        case 12:
        case 17:
        case 18:
          in.skipNBytes(4);
          break;
        case 5:
        case 6:
          in.skipNBytes(8);
          i++; // takes two slots
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    return out;
  }
}
