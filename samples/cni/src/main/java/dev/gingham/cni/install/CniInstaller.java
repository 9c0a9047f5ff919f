package dev.gingham.cni.install;

import dev.gingham.cni.GinghamIpamPlugin;
import dev.gingham.cni.GinghamPlugin;
import dev.gingham.cni.plugin.EtcdClassPath;
import dev.gingham.cni.plugin.PluginKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Installs the two plugins into a CNI bin directory, as Calico's install-cni does:
 *
 * <ul>
 *   <li>{@code DIR/gingham.d/vN/lib/}: the jars they run from (see {@link ClassPathJars}): the ones
 *       every call needs merged into {@code gingham-plugins.jar} ({@link MergedJar}), the
 *       launchers' class path; the ones only the etcd store needs ({@link EtcdJars}) as they are,
 *       loaded only for an {@code etcd://} datastore;
 *   <li>{@code DIR/gingham.d/vN/native/}: the native libraries of sqlite-jdbc and jffi, unpacked
 *       once ({@link NativeLibraries}) rather than on every start;
 *   <li>{@code DIR/gingham.d/vN/gingham.jsa}: a static AppCDS archive of the classes a training run
 *       ({@link CdsTraining}) loads, which the launchers map with {@code -XX:SharedArchiveFile} to
 *       cut start-up; on a JDK 25 or later, {@code gingham.aot} instead, an AOT cache of the same
 *       run ({@link TargetJvm}), mapped with {@code -XX:AOTCache};
 *   <li>{@code DIR/gingham.d/vN/delegate-client.pl}: the launchers' client of the delegate server
 *       (see {@link Launcher});
 *   <li>{@code DIR/gingham} and {@code DIR/gingham-ipam}: small shell scripts that exec the JVM (by
 *       default the one that ran the installer) on each plugin's main class;
 *   <li>{@code CONF_DIR/10-gingham.conflist}: an example network using both.
 * </ul>
 *
 * <p>Each install is a version of its own, {@code DIR/gingham.d/vN}, which the launchers name. A
 * reinstall writes and trains the next version while the old launchers keep running the old one,
 * then replaces the launchers (each by an atomic rename), then deletes the old versions: a plugin
 * that runs meanwhile runs the old or the new one whole. A failed install leaves the previous one
 * as it was.
 */
public final class CniInstaller {
  /** Where runtimes read network configurations, as Calico installs them. */
  public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");

  /** The example conflist's file name. */
  public static final String CONFLIST = "10-gingham.conflist";

  /** The JVM options both launchers and the dry run share; CDS needs them to agree. */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          // A plugin's JVM lives a few hundred milliseconds: at the default thresholds C1 compiles
          // ~850 methods (~60-95 ms of CPU on a second core), most of them run a few hundred times.
          // Ten times the thresholds compiles only the hot ones: ~30 ms less CPU per ADD, measured.
          "-XX:CompileThresholdScaling=10",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-Xss512k",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          // Names the binding, which SLF4J would otherwise look for through every jar.
          "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
          "-Dorg.slf4j.simpleLogger.logFile=System.err");

  private static final long TRAINING_SECONDS = 180;

  /** The directory in the bin directory that holds the installed versions. */
  static final String HOME = "gingham.d";

  /** The plugins' main class path, merged ({@link MergedJar}). */
  static final String MERGED_JAR = "gingham-plugins.jar";

  private CniInstaller() {}

  /**
   * What was installed.
   *
   * @param gingham the main plugin's launcher
   * @param ginghamIpam the IPAM plugin's launcher
   * @param home the directory the launchers run from ({@code DIR/gingham.d/vN}): jars, native
   *     libraries, archive
   * @param archive the start-up archive (AppCDS, or an AOT cache on JDK 25 or later), or null when
   *     none was made
   * @param conflist the example conflist, or null when none was written
   * @param notes what went differently than asked (a dry run that failed), or empty
   */
  public record Result(
      Path gingham,
      Path ginghamIpam,
      Path home,
      @Nullable Path archive,
      @Nullable Path conflist,
      String notes) {}

  /**
   * Installs from the running JVM's class path.
   *
   * @param binDir the CNI bin directory
   * @param confDir where to write the example conflist, or null for none
   * @param appCds whether to record a start-up archive (AppCDS, or an AOT cache on JDK 25 or later)
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Result install(Path binDir, @Nullable Path confDir, boolean appCds) {
    return install(binDir, confDir, appCds, TargetJvm.current());
  }

  /**
   * Installs from the running JVM's class path, for the plugins to run on {@code jvm}.
   *
   * @param appCds whether to record a start-up archive: an AppCDS archive, or an AOT cache on a JDK
   *     25 or later
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Result install(Path binDir, @Nullable Path confDir, boolean appCds, TargetJvm jvm) {
    return install(binDir, confDir, ClassPathJars.current(), appCds, jvm);
  }

  /**
   * Installs from a given class path (jars and class directories).
   *
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Result install(
      Path binDir, @Nullable Path confDir, List<Path> classPath, boolean appCds) {
    return install(binDir, confDir, classPath, appCds, TargetJvm.current());
  }

  /**
   * Installs from a given class path, for the plugins to run on {@code jvm}.
   *
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Result install(
      Path binDir, @Nullable Path confDir, List<Path> classPath, boolean appCds, TargetJvm jvm) {
    try {
      Path root = Files.createDirectories(binDir.resolve(HOME));
      Path home = root.resolve(nextVersion(root));
      Path staging = root.resolve(home.getFileName() + ".new");
      deleteTree(staging);
      try {
        return installVersion(binDir, confDir, classPath, appCds, jvm, root, home, staging);
      } catch (IOException | RuntimeException e) {
        // The launchers still name the previous version; this one goes.
        deleteTree(staging);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the plugins into " + binDir, e);
    }
  }

  private static Result installVersion(
      Path binDir,
      @Nullable Path confDir,
      List<Path> classPath,
      boolean appCds,
      TargetJvm jvm,
      Path root,
      Path home,
      Path staging)
      throws IOException {
    List<Path> staged = ClassPathJars.copy(classPath, staging.resolve("lib"));
    EtcdJars.Split split = EtcdJars.split(staged);
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.addAll(jvm.options());
    options.addAll(NativeLibraries.unpack(staged, staging.resolve("native")));
    // Merged beside lib/, so that no input jar can share its name, then moved in.
    Path merged = staging.resolve(MERGED_JAR);
    MergedJar.write(split.main(), merged, jvm.feature());
    for (Path p : split.main()) {
      Files.delete(p);
    }
    Files.move(merged, staging.resolve("lib").resolve(MERGED_JAR));
    // The launchers name the jar where it will be once moved in place.
    List<Path> jars = List.of(home.resolve("lib").resolve(MERGED_JAR));
    if (!split.etcdOnly().isEmpty()) {
      options.add(
          "-D"
              + EtcdClassPath.PROPERTY
              + "="
              + split.etcdOnly().stream()
                  .map(p -> home.resolve("lib").resolve(p.getFileName()).toString())
                  .collect(Collectors.joining(":")));
    }
    List<String> jvmOptions = new ArrayList<>();
    for (String o : options) {
      jvmOptions.add(o.replace(staging.toString(), home.toString()));
    }
    copyClient(staging.resolve(Launcher.CLIENT_RESOURCE));
    Path client = home.resolve(Launcher.CLIENT_RESOURCE);
    Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    String java = jvm.java().toString();
    String runClassPath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
    Path archive = null;
    String notes = "";
    if (appCds) {
      Path file = home.resolve(jvm.aotCache() ? "gingham.aot" : "gingham.jsa");
      Path scratch = home.resolve("training");
      String failure =
          jvm.aotCache()
              ? recordAotCache(java, jvmOptions, runClassPath, file, scratch)
              : record(java, jvmOptions, runClassPath, file, scratch);
      if (failure.isEmpty()) {
        archive = file;
      } else {
        notes = "no " + jvm.archiveName() + ": " + failure;
      }
    }
    Path gingham = binDir.resolve("gingham");
    Path ipam = binDir.resolve("gingham-ipam");
    for (PluginKind kind : PluginKind.values()) {
      String main =
          (kind == PluginKind.GINGHAM ? GinghamPlugin.class : GinghamIpamPlugin.class).getName();
      writeExecutable(
          kind == PluginKind.GINGHAM ? gingham : ipam,
          Launcher.script(
              java, jvmOptions, jars, archive, jvm.aotCache(), main, kind.executable(), client));
    }
    // Only now that the launchers name the new version may the old ones go; a plugin started
    // from an old launcher has its jars open already, which a deletion does not take away.
    try (Stream<Path> old = Files.list(root)) {
      for (Path p : old.filter(p -> !p.equals(home)).toList()) {
        deleteTree(p);
      }
    }
    Path conflist = null;
    if (confDir != null) {
      Files.createDirectories(confDir);
      conflist = confDir.resolve(CONFLIST);
      Path tmp = confDir.resolve("." + CONFLIST + ".tmp");
      Files.writeString(tmp, exampleConflist(), StandardCharsets.UTF_8);
      Files.move(
          tmp, conflist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return new Result(gingham, ipam, home, archive, conflist, notes);
  }

  /**
   * A packaged plugin jar and the jars its manifest's {@code Class-Path} names, in class path
   * order: what {@code mvn package} leaves in {@code samples/cni/target}, ready for {@link
   * #install(Path, Path, List, boolean, TargetJvm)}. Names that do not exist are left out, as the
   * JVM leaves them out of a class path.
   */
  public static List<Path> classPathOf(Path jar) {
    return ClassPathJars.of(jar);
  }

  /** {@code vN} for N one past the highest version in {@code root}. */
  private static String nextVersion(Path root) throws IOException {
    long highest = 0;
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        int end = name.endsWith(".new") ? name.length() - 4 : name.length();
        if (name.startsWith("v")
            && end > 1
            && name.substring(1, end).chars().allMatch(Character::isDigit)
            && end - 1 <= 18) {
          highest = Math.max(highest, Long.parseLong(name.substring(1, end)));
        }
      }
    }
    return "v" + (highest + 1);
  }

  /** The example network: {@code gingham} with {@code gingham-ipam}, on the SQLite default. */
  public static String exampleConflist() {
    return "{\n"
        + "  \"cniVersion\": \"1.1.0\",\n"
        + "  \"name\": \"gingham\",\n"
        + "  \"plugins\": [\n"
        + "    {\n"
        + "      \"type\": \"gingham\",\n"
        + "      \"log_level\": \"info\",\n"
        + "      \"log_file_path\": \"/var/log/gingham/cni.log\",\n"
        + "      \"datastore\": \"sqlite:/var/lib/gingham/state.db\",\n"
        + "      \"ipam\": {\n"
        + "        \"type\": \"gingham-ipam\",\n"
        + "        \"assign_ipv4\": true,\n"
        + "        \"assign_ipv6\": false,\n"
        + "        \"ipv4_pools\": [\"10.65.0.0/16\"]\n"
        + "      }\n"
        + "    }\n"
        + "  ]\n"
        + "}\n";
  }

  /**
   * Records the archive in two steps, returning why it failed or the empty string: the training run
   * ({@link CdsTraining}) lists the classes it loads ({@code -XX:DumpLoadedClassList}), then {@code
   * -Xshare:dump} writes a static archive of them, the JDK's own included. A static archive maps in
   * one piece and keeps the lambda forms and lambda proxies the list names; the dynamic archive it
   * replaces sat on top of the JDK's and left both to be relocated at every start.
   *
   * <p>Run as root where {@code unshare} exists, the training run is put in a network namespace of
   * its own and wires a real pod there (ADD, CHECK, DEL in a throwaway pod namespace), so the list
   * holds the classes of the kernel path too; otherwise it is the dry run alone.
   */
  private static String record(
      String java, List<String> jvmOptions, String classPath, Path jsa, Path scratch)
      throws IOException {
    Path classList = jsa.resolveSibling("gingham.classlist");
    String failure =
        train(java, "-XX:DumpLoadedClassList=" + classList, jvmOptions, classPath, scratch);
    if (!failure.isEmpty()) {
      return failure;
    }
    List<String> dump = new ArrayList<>();
    dump.add(java);
    dump.add("-Xshare:dump");
    dump.add("-XX:SharedClassListFile=" + classList);
    dump.add("-XX:SharedArchiveFile=" + jsa);
    dump.addAll(jvmOptions);
    dump.add("-cp");
    dump.add(classPath);
    failure = run(dump, jsa.resolveSibling("dump.log"), "the archive dump");
    if (failure.isEmpty() && !Files.isRegularFile(jsa)) {
      return "the archive dump wrote no " + jsa;
    }
    return failure;
  }

  /**
   * Records an AOT cache in one step (JDK 25, JEP 514): the training run with {@code
   * -XX:AOTCacheOutput}, at whose exit the JVM writes the cache of what it loaded and linked.
   * Returns why it failed, or the empty string.
   */
  private static String recordAotCache(
      String java, List<String> jvmOptions, String classPath, Path aot, Path scratch)
      throws IOException {
    String failure = train(java, "-XX:AOTCacheOutput=" + aot, jvmOptions, classPath, scratch);
    if (failure.isEmpty() && !Files.isRegularFile(aot)) {
      failure = "the training run wrote no " + aot;
    }
    if (!failure.isEmpty()) {
      // The JVM that assembles the cache works from this file and deletes it only on success.
      Files.deleteIfExists(aot.resolveSibling(aot.getFileName() + ".config"));
      Files.deleteIfExists(aot);
    }
    return failure;
  }

  /**
   * The training run ({@link CdsTraining}) with the recording option {@code record}; returns why it
   * failed, or the empty string. Run as root where {@code unshare} exists, it runs in a network
   * namespace of its own and wires a real pod there.
   */
  private static String train(
      String java, String record, List<String> jvmOptions, String classPath, Path scratch)
      throws IOException {
    List<String> train = new ArrayList<>();
    boolean kernel = CdsTraining.canWirePods();
    if (kernel) {
      train.addAll(List.of(CdsTraining.UNSHARE, "--net"));
    }
    train.add(java);
    train.add(record);
    train.addAll(jvmOptions);
    train.add("-cp");
    train.add(classPath);
    train.add(CdsTraining.class.getName());
    train.add(scratch.toString());
    if (kernel) {
      train.add(CdsTraining.KERNEL);
    }
    try {
      return run(train, scratch.resolveSibling("training.log"), "the training run");
    } finally {
      deleteTree(scratch);
    }
  }

  /** Runs a step of the recording; returns why it failed, or the empty string. */
  private static String run(List<String> cmd, Path log, String what) throws IOException {
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
        destroyTree(p);
        return what + " took longer than " + TRAINING_SECONDS + " s";
      }
    } catch (InterruptedException e) {
      destroyTree(p);
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    if (p.exitValue() != 0) {
      return what + " exited " + p.exitValue() + "; see " + log;
    }
    return "";
  }

  /** Kills a step and what it started: the JVM that assembles an AOT cache is its child. */
  private static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static void copyClient(Path target) throws IOException {
    try (InputStream in = Launcher.class.getResourceAsStream(Launcher.CLIENT_RESOURCE)) {
      if (in == null) {
        throw new IOException("the resource " + Launcher.CLIENT_RESOURCE + " is missing");
      }
      Files.copy(in, target);
    }
  }

  private static void writeExecutable(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
