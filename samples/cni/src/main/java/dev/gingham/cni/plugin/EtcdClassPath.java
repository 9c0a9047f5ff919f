package dev.gingham.cni.plugin;

import dev.gingham.spi.datastore.Datastores;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The etcd store's jars, which the installer keeps off the plugins' class path (a call on SQLite
 * would otherwise open and scan them all) and names in the system property {@value #PROPERTY}: a
 * store whose URI is {@code etcd://} or {@code etcds://} opens with them in a class loader of its
 * own, whose parent is the plugins' loader. Without the property (a class path that holds
 * everything, such as the CLI's, which runs the delegate server) stores open as they always do.
 */
public final class EtcdClassPath {
  /** The etcd-only jars, separated by {@link File#pathSeparator}. */
  public static final String PROPERTY = "gingham.cni.etcd.classpath";

  private static @Nullable ClassLoader loader;

  private EtcdClassPath() {}

  /** Whether a URI names the etcd store. */
  static boolean isEtcd(@Nullable String uri) {
    if (uri == null) {
      return false;
    }
    String u = uri.strip().toLowerCase(Locale.ROOT);
    return u.startsWith("etcd:") || u.startsWith("etcds:");
  }

  /**
   * Runs {@code open} with the etcd jars visible to {@link java.util.ServiceLoader} (as the
   * thread's context class loader) when the store's URI names etcd and the jars are kept aside;
   * otherwise just runs it.
   *
   * @param uri the configuration's URI, or null for {@link Datastores#openDefault()}'s (its system
   *     property, else its environment variable, else SQLite's default)
   */
  static <T> T opening(@Nullable String uri, Supplier<T> open) {
    String jars = System.getProperty(PROPERTY, "");
    String effective = uri;
    if (effective == null) {
      effective = Datastores.configuredUri().orElse(null);
    }
    if (jars.isEmpty() || !isEtcd(effective)) {
      return open.get();
    }
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(loader(jars));
    try {
      return open.get();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  private static synchronized ClassLoader loader(String jars) {
    ClassLoader l = loader;
    if (l == null) {
      String[] paths = jars.split(File.pathSeparator);
      URL[] urls = new URL[paths.length];
      for (int i = 0; i < paths.length; i++) {
        try {
          urls[i] = Path.of(paths[i]).toUri().toURL();
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException(
              PROPERTY + " names '" + paths[i] + "', which is not a path", e);
        }
      }
      l = new URLClassLoader("gingham-etcd", urls, EtcdClassPath.class.getClassLoader());
      loader = l;
    }
    return l;
  }
}
