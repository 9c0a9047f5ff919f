package dev.gingham.benchmarks.cni;

import static dev.gingham.benchmarks.dataplane.PodWiringHarness.pct;
import static dev.gingham.benchmarks.dataplane.RouteProgrammingHarness.loadAverage;

import dev.gingham.cni.GinghamCniServer;
import dev.gingham.cni.install.CniInstaller;
import dev.gingham.cni.install.TargetJvm;
import dev.gingham.cni.runtime.PluginExecutor;
import dev.gingham.core.PodNetworks;
import dev.gingham.dataplane.linux.LinuxDataplane;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times CNI ADD and DEL per pod as a runtime runs them (a process per call, the configuration on
 * stdin, inside the node's namespace through {@code nsenter}), side by side in one run:
 *
 * <ol>
 *   <li>the peer, Debian's {@code ptp} with {@code host-local};
 *   <li>{@code gingham} in delegate mode: the installed launcher forwarding with its perl client to
 *       a delegate server ({@code GinghamCniServer}, what {@code gingham cni serve} runs) started
 *       in the node's namespace beforehand and not timed;
 *   <li>{@code gingham} with {@code gingham-ipam} (in process, on SQLite), installed with its
 *       AppCDS archive;
 *   <li>the same installed without the archive;
 *   <li>when a JDK 25 or later is found ({@code -Dcni.aot.java=JAVA_HOME}, else the newest under
 *       {@code /usr/lib/jvm}), the same installed to run on it, with the AOT cache the installer
 *       records there instead of the AppCDS archive.
 * </ol>
 *
 * <p>Each runs 5 unrecorded pods, then ADD for every pod, then DEL for every pod, each call timed
 * from the process start to its exit. The pods' namespaces are made beforehand and not timed, as
 * the container runtime makes them. Everything lives in namespaces and a directory of the harness's
 * own, deleted at the end even on failure. Reports p50 and p99 per call, the ratio to the peer, and
 * the load average.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.cni.CniLatencyHarness [PODS [PODS_WITHOUT_CDS [PLUGIN_JAR]]]} (default
 * 100, 100 and {@code samples/cni/target/gingham-cni.jar} with its {@code lib/}, after {@code mvn
 * -pl samples/cni -am package}; without it, the benchmarks jar itself is installed). {@code
 * -Dcni.contenders=LABEL;...} runs only the contenders named (such as {@code ptp +
 * host-local,gingham, delegate}).
 */
public final class CniLatencyHarness {
  private static final String PREFIX = "ghbench-cni";
  private static final int WARMUP = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /**
   * The plugin as {@code mvn package} leaves it: the jar, with its dependencies in {@code lib/}.
   */
  private static final String PLUGIN_JAR = "samples/cni/target/gingham-cni.jar";

  private CniLatencyHarness() {}

  /** One contender: a plugin, its configuration, and its figures. */
  private record Contender(String label, Path plugin, String config, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int podsNoCds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path root = Files.createTempDirectory(PREFIX);
    List<String> names = new ArrayList<>();
    try (LinuxDataplane dp = LinuxDataplane.open()) {
      try {
        System.out.println("installing the plugins (with and without AppCDS)...");
        Optional<TargetJvm> aotJvm = aotJvm();
        List<Path> classPath = pluginClassPath(Path.of(args.length > 2 ? args[2] : PLUGIN_JAR));
        System.out.println(
            "plugin class path: " + classPath.size() + " entries from " + classPath.get(0));
        CniInstaller.Result cds = CniInstaller.install(root.resolve("cds"), null, classPath, true);
        if (cds.archive() == null) {
          throw new IllegalStateException("no AppCDS archive: " + cds.notes());
        }
        CniInstaller.Result plain =
            CniInstaller.install(root.resolve("plain"), null, classPath, false);
        CniInstaller.Result aot = null;
        if (aotJvm.isPresent()) {
          aot = CniInstaller.install(root.resolve("aot"), null, classPath, true, aotJvm.get());
          if (aot.archive() == null) {
            throw new IllegalStateException("no AOT cache: " + aot.notes());
          }
          System.out.println("AOT cache contender on " + aotJvm.get().java());
        } else {
          System.out.println("no JDK 25 or later found: no AOT cache contender");
        }
        String node = PREFIX + "-node";
        dp.namespaces().delete(node);
        names.add(node);
        try (NetworkNamespace n = dp.namespaces().create(node)) {
          PodNetworks.prepareNode(dp, n);
        }
        int max = Math.max(pods, podsNoCds) + WARMUP;
        for (int i = 0; i < max; i++) {
          String name = PREFIX + i;
          dp.namespaces().delete(name);
          names.add(name);
          dp.namespaces().create(name).close();
        }
        String ptp =
            "{\"cniVersion\":\"1.0.0\",\"name\":\"bench-ptp\",\"type\":\"ptp\",\"ipam\":{"
                + "\"type\":\"host-local\",\"subnet\":\"10.201.0.0/16\",\"dataDir\":\""
                + root.resolve("host-local")
                + "\"}}";
        String gingham =
            "{\"cniVersion\":\"1.0.0\",\"name\":\"bench-gingham\",\"type\":\"gingham\","
                + "\"nodename\":\"bench\",\"datastore\":\"sqlite:"
                + root.resolve("state.db")
                + "\",\"ipam\":{\"type\":\"gingham-ipam\",\"ipv4_pools\":[\"10.202.0.0/16\"]}}";
        // Only the delegate contender sees a socket; the others run their JVM as without a server.
        Map<String, String> direct = Map.of("GINGHAM_CNI_SOCKET", root.resolve("none").toString());
        Path socket = root.resolve("cni.sock");
        List<Contender> contenders =
            new ArrayList<>(
                List.of(
                    new Contender("ptp + host-local", Path.of("/usr/lib/cni/ptp"), ptp, direct),
                    new Contender(
                        "gingham, delegate",
                        cds.gingham(),
                        gingham,
                        Map.of("GINGHAM_CNI_SOCKET", socket.toString())),
                    new Contender("gingham, AppCDS", cds.gingham(), gingham, direct),
                    new Contender("gingham, no AppCDS", plain.gingham(), gingham, direct)));
        if (aot != null) {
          contenders.add(
              new Contender(
                  "gingham, AOT cache (JDK " + aotJvm.get().feature() + ")",
                  aot.gingham(),
                  gingham,
                  direct));
        }
        Map<String, String> base = new HashMap<>();
        base.put("CNI_PATH", cds.gingham().getParent() + ":/usr/lib/cni");
        base.put("GINGHAM_IPAM_LOCK", root.resolve("ipam.lock").toString());
        double[] peer = null;
        System.out.println("load average before: " + loadAverage());
        String only = System.getProperty("cni.contenders", "");
        for (Contender c : contenders) {
          if (!only.isEmpty() && !List.of(only.split(";")).contains(c.label())) {
            continue;
          }
          int count = c.label().contains("no AppCDS") ? podsNoCds : pods;
          long[][] t;
          String inServer = "";
          if (c.label().contains("delegate")) {
            Process server = startServer(node, classPath, socket);
            try {
              t = run(c, node, count, base);
              inServer = serverTimes(socket.resolveSibling("server.log"));
            } finally {
              stop(server);
            }
          } else {
            t = run(c, node, count, base);
          }
          double[] f = {pct(t[0], 50), pct(t[0], 99), pct(t[1], 50), pct(t[1], 99)};
          if (peer == null) {
            peer = f;
          }
          System.out.printf(
              "%-20s %3d pods  ADD p50 %8.1f ms  p99 %8.1f ms   DEL p50 %8.1f ms  p99 %8.1f ms"
                  + "   (ADD p50 %.1fx, DEL p50 %.1fx the peer)   load %s%n",
              c.label(),
              count,
              f[0],
              f[1],
              f[2],
              f[3],
              f[0] / peer[0],
              f[2] / peer[2],
              loadAverage());
          System.out.print(inServer);
        }
        System.out.println("load average after: " + loadAverage());
      } finally {
        for (String n : names) {
          dp.namespaces().delete(n);
        }
        deleteTree(root);
      }
    }
  }

  /** ADD then DEL for {@code count} pods after the warm-up; per-call nanoseconds. */
  private static long[][] run(Contender c, String node, int count, Map<String, String> base) {
    long[] add = new long[count];
    long[] del = new long[count];
    List<String> nsenter = List.of("nsenter", "--net=/run/netns/" + node);
    for (int phase = 0; phase < 2; phase++) {
      int first = phase == 0 ? 0 : WARMUP;
      int n = phase == 0 ? WARMUP : count;
      for (String command : new String[] {"ADD", "DEL"}) {
        for (int i = 0; i < n; i++) {
          int pod = first + i;
          Map<String, String> env = new HashMap<>(base);
          env.putAll(c.env());
          env.put("CNI_COMMAND", command);
          env.put("CNI_CONTAINERID", "bench" + pod);
          env.put("CNI_NETNS", "/run/netns/" + PREFIX + pod);
          env.put("CNI_IFNAME", "eth0");
          long t0 = System.nanoTime();
          PluginExecutor.Exec r = PluginExecutor.run(nsenter, c.plugin(), env, c.config(), TIMEOUT);
          long t = System.nanoTime() - t0;
          if (r.exit() != 0) {
            throw new IllegalStateException(c.label() + " " + command + " pod " + pod + ": " + r);
          }
          if (phase == 1) {
            (command.equals("ADD") ? add : del)[i] = t;
          }
        }
      }
    }
    return new long[][] {add, del};
  }

  /**
   * Starts the delegate server in the node's namespace on the plugin's class path and waits, up to
   * a minute, for its socket.
   */
  private static Process startServer(String node, List<Path> classPath, Path socket)
      throws IOException, InterruptedException {
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    Process p =
        new ProcessBuilder(
                "nsenter",
                "--net=/run/netns/" + node,
                jvm,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-cp",
                cp,
                GinghamCniServer.class.getName(),
                "--socket",
                socket.toString())
            .redirectErrorStream(true)
            .redirectOutput(socket.resolveSibling("server.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(socket)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        stop(p);
        throw new IllegalStateException(
            "the delegate server did not start: "
                + Files.readString(socket.resolveSibling("server.log")));
      }
      Thread.sleep(50);
    }
    return p;
  }

  /**
   * The server's own time per recorded call (the warm-up's excluded), from its debug log: how much
   * of the launcher's time is the plugin's work, the rest being the shell, the perl client and the
   * socket.
   */
  private static String serverTimes(Path log) throws IOException {
    java.util.regex.Pattern line =
        java.util.regex.Pattern.compile("gingham (ADD|DEL) bench(\\d+): exit 0 in (\\d+) ms");
    List<Long> add = new ArrayList<>();
    List<Long> del = new ArrayList<>();
    for (String l : Files.readAllLines(log)) {
      java.util.regex.Matcher m = line.matcher(l);
      if (m.find() && Integer.parseInt(m.group(2)) >= WARMUP) {
        (m.group(1).equals("ADD") ? add : del).add(Long.parseLong(m.group(3)) * 1_000_000);
      }
    }
    if (add.isEmpty() || del.isEmpty()) {
      return "  the server logged no timings\n";
    }
    return String.format(
        "  of which in the server: ADD p50 %.1f ms (%d calls), DEL p50 %.1f ms (%d calls)%n",
        pct(add.stream().mapToLong(Long::longValue).toArray(), 50),
        add.size(),
        pct(del.stream().mapToLong(Long::longValue).toArray(), 50),
        del.size());
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The plugin's own jars, as {@code gingham cni install} installs them: the packaged plugin jar
   * and the jars its manifest's {@code Class-Path} names (not whatever else {@code lib/} holds:
   * jars an earlier build copied there and no dependency names any more would be installed too);
   * failing that, this harness's class path (the shaded benchmarks jar).
   */
  private static List<Path> pluginClassPath(Path jar) {
    if (Files.isRegularFile(jar)) {
      return CniInstaller.classPathOf(jar);
    }
    List<Path> own = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      own.add(Path.of(e).toAbsolutePath());
    }
    return own;
  }

  /**
   * The JVM for the AOT cache contender: {@code -Dcni.aot.java}'s Java home, else the newest JDK 25
   * or later under {@code /usr/lib/jvm}.
   */
  private static Optional<TargetJvm> aotJvm() {
    String home = System.getProperty("cni.aot.java", "");
    if (!home.isEmpty()) {
      TargetJvm jvm = TargetJvm.of(Path.of(home));
      if (!jvm.aotCache()) {
        throw new IllegalArgumentException(
            "cni.aot.java: " + home + " is Java " + jvm.feature() + ", not 25 or later");
      }
      return Optional.of(jvm);
    }
    return TargetJvm.newestWithAotCache(Path.of("/usr/lib/jvm"));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
