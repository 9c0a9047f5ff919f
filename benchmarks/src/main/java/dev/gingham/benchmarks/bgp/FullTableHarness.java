package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.datastore.etcd.EtcdProcess;
import dev.gingham.net.IpFamily;
import dev.gingham.net.Ipv4Address;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Full-table ingest, side by side: one feeder sends the table's IPv4 routes, read from its MRT
 * file, to each receiver in turn (Gingham, BIRD 2, GoBGP), each a process of its own on loopback
 * that waits passively. The feeder is by default {@link ReplayFeeder} (UPDATEs encoded before the
 * session, written as fast as the socket takes them, so that the receiver is the bottleneck), or
 * with {@code --feeder speaker} a Gingham speaker with the table injected ({@link SpeakerFeeder},
 * whose export rate bounds the figure). For each it reports the time from the session's Established
 * state at the feeder (its first UPDATE follows at once) to the first answer in which the
 * receiver's Loc-RIB holds every prefix, asked every 100 ms, and the receiver's peak resident set
 * size (VmHWM).
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.bgp.FullTableHarness \
 *     [--table table.mrt] [--receivers gingham,bird,gobgp] [--timeout 900] [--feeder replay] \
 *     [--receiver-jvm "-XX:+UseSerialGC -Xmx1g"] [--native-memory true]
 * </pre>
 *
 * The Gingham receiver runs with the JVM options of {@code gingham bgp serve}
 * (samples/cli/bgp-serve.jvmopts) unless --receiver-jvm gives others. With --native-memory true
 * (and {@code -XX:NativeMemoryTracking=summary} among those options) it prints the receiver's
 * native memory summary and class histogram after the ingest.
 *
 * <pre>
 * </pre>
 *
 * Without --table it generates {@link FeedTable.Spec#FULL} into a temporary file first.
 */
public final class FullTableHarness {
  static final String FEEDER = "127.0.0.10";
  static final long FEEDER_AS = 64_999;

  /** The next hop toward receivers that refuse loopback next hops. */
  static final Ipv4Address NON_LOOPBACK_NEXT_HOP = Ipv4Address.parse("192.0.2.10");

  /** The feeder's default: {@code replay}. */
  static final String DEFAULT_FEEDER = "replay";

  /**
   * The JVM options of {@code gingham bgp serve}, which the Gingham receiver runs with unless
   * --receiver-jvm says otherwise: a java argument file, relative to the repository's root.
   */
  static final Path DAEMON_JVM_OPTIONS = Path.of("samples", "cli", "bgp-serve.jvmopts");

  private FullTableHarness() {}

  /** One receiver's figures. */
  record Result(
      String receiver,
      long routes,
      double seconds,
      double establishSeconds,
      long peakRss,
      double cpuSeconds) {
    double routesPerSecond() {
      return routes / seconds;
    }
  }

  /** Runs the harness and prints one table. */
  public static void main(String[] args) throws Exception {
    HarnessOptions o =
        HarnessOptions.parse(
            args,
            "--table",
            "--receivers",
            "--timeout",
            "--receiver-jvm",
            "--native-memory",
            "--feeder");
    String table = o.get("--table");
    printTable(
        System.out,
        measure(
            table == null ? null : Path.of(table),
            Arrays.asList(o.get("--receivers", "gingham,bird,gobgp").split(",")),
            o.getLong("--timeout", 900),
            o.get("--receiver-jvm") == null ? daemonJvmOptions() : o.get("--receiver-jvm"),
            Boolean.parseBoolean(o.get("--native-memory", "false")),
            o.get("--feeder", DEFAULT_FEEDER),
            System.out));
  }

  /**
   * Feeds the table to each receiver in turn and returns their figures; progress goes to {@code
   * out}. The speaker feeder first has an unmeasured warm-up round.
   *
   * @param table the MRT file, or null to generate {@link FeedTable.Spec#FULL}
   * @param feeder {@code replay} or {@code speaker}
   * @throws IllegalArgumentException for another feeder
   */
  static List<Result> measure(
      @Nullable Path table,
      List<String> receivers,
      long timeout,
      String jvm,
      boolean nmt,
      String feeder,
      PrintStream out)
      throws Exception {
    if (!feeder.equals("replay") && !feeder.equals("speaker")) {
      throw new IllegalArgumentException(
          "--feeder must be replay or speaker, was '" + feeder + "'");
    }
    // The generated table and the receivers' logs: deleted after a run that ends, kept (and
    // named) after one that fails, for its logs.
    Path dir = Files.createTempDirectory("gingham-ingest");
    boolean ended = false;
    try {
      if (table == null) {
        table = dir.resolve("table.mrt");
        out.println("generating " + FeedTable.Spec.FULL + " into " + table);
        FeedTable.generate(FeedTable.Spec.FULL).writeMrt(table, Instant.now());
      }
      List<BgpRoute> routes = new ArrayList<>();
      PeerTable source = Mrt.readTables(table).get(0);
      for (BgpRoute r : source.routes()) {
        if (r.prefix().family() == IpFamily.IPV4) {
          routes.add(r);
        }
      }
      out.printf("table %s: %d IPv4 routes from %s%n", table, routes.size(), source.peer());
      out.println("load before: " + loadAverage());

      List<Result> results = new ArrayList<>();
      if (feeder.equals("replay")) {
        ReplayFeeder replay = ReplayFeeder.of(routes, FEEDER_AS, Ipv4Address.parse(FEEDER));
        out.println("feeder: replay (UPDATEs encoded before each session, plain TCP writes)");
        measureEach(replay, receivers, dir, routes.size(), timeout, jvm, nmt, results, out);
      } else {
        try (SpeakerFeeder speaker = new SpeakerFeeder(new PeerTable(source.peer(), routes))) {
          out.println("feeder: speaker (a Gingham BgpSpeaker exporting the injected table)");
          // A first, unmeasured round warms the feeder's export code, which every receiver shares.
          try (RouteReceiver warmUp = receiver("gingham", "127.0.0.19", jvm)) {
            out.print("warm-up round, not counted: ");
            run(speaker, warmUp, dir, routes.size(), timeout);
          }
          measureEach(speaker, receivers, dir, routes.size(), timeout, jvm, nmt, results, out);
        }
      }
      out.println("load after: " + loadAverage());
      ended = true;
      return results;
    } finally {
      if (ended) {
        EtcdProcess.deleteTree(dir);
      } else {
        out.println("the run failed; its files are in " + dir);
      }
    }
  }

  private static void measureEach(
      Feeder feeder,
      List<String> receivers,
      Path dir,
      int expected,
      long timeout,
      String jvm,
      boolean nmt,
      List<Result> results,
      PrintStream out)
      throws Exception {
    int n = 0;
    for (String name : receivers) {
      System.gc();
      String address = "127.0.0." + (20 + n++);
      try (RouteReceiver receiver = receiver(name, address, jvm)) {
        results.add(run(feeder, receiver, dir, expected, timeout));
        if (nmt && receiver instanceof RouteReceiver.Gingham) {
          // Where the memory goes after the ingest: the JVM's own areas, then the heap's
          // largest classes (the histogram forces a full GC, so it comes last).
          String pid = Long.toString(receiver.pid());
          out.println(Processes.run(30, "jcmd", pid, "VM.native_memory", "summary"));
          String histogram = Processes.run(60, "jcmd", pid, "GC.class_histogram");
          out.println(String.join("\n", histogram.lines().limit(30).toList()));
        }
      }
    }
  }

  /** The next hop the feeder gives a receiver: its own address, unless the receiver refuses it. */
  static Ipv4Address nextHop(RouteReceiver receiver) {
    return receiver.refusesLoopbackNextHops() ? NON_LOOPBACK_NEXT_HOP : Ipv4Address.parse(FEEDER);
  }

  /**
   * {@code @file} for the daemon's JVM options, so that the receiver's JVM reads them the way the
   * {@code gingham} launcher does.
   *
   * @throws IllegalStateException if the file is not there (run from the repository's root)
   */
  static String daemonJvmOptions() {
    Path file = DAEMON_JVM_OPTIONS.toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "no "
              + file
              + ": run from the repository's root, or give the receiver's JVM options with"
              + " --receiver-jvm");
    }
    return "@" + file;
  }

  /** The one table: receiver, routes, seconds, routes/s, peak MB and CPU seconds. */
  static void printTable(PrintStream out, List<Result> results) {
    out.println();
    out.printf(
        "%-16s %10s %10s %12s %10s %10s%n",
        "receiver", "routes", "seconds", "routes/s", "peak MB", "CPU s");
    for (Result r : results) {
      out.printf(
          "%-16s %10d %10.2f %12.0f %10.1f %10.2f%n",
          r.receiver(),
          r.routes(),
          r.seconds(),
          r.routesPerSecond(),
          r.peakRss() / 1e6,
          r.cpuSeconds());
    }
  }

  static RouteReceiver receiver(String name, String address, String jvm) {
    switch (name) {
      case "gingham":
        return new RouteReceiver.Gingham(address, Arrays.asList(jvm.trim().split("\\s+")));
      case "bird":
        return new RouteReceiver.Bird(address);
      case "gobgp":
        return new RouteReceiver.Gobgp(address);
      default:
        throw new IllegalArgumentException("unknown receiver " + name);
    }
  }

  static Result run(
      Feeder feeder, RouteReceiver receiver, Path dir, int expected, long timeoutSeconds)
      throws Exception {
    feeder.prepare(receiver);
    receiver.start(dir, FEEDER, FEEDER_AS);
    double cpuBefore = Processes.cpuSeconds(receiver.pid());
    long added = System.nanoTime();
    long deadline = added + timeoutSeconds * 1_000_000_000L;
    long count = -1;
    long done = -1;
    long established;
    long sent;
    @Nullable String failure = null;
    try (Feeder.Session session =
        feeder.open(receiver, Duration.ofSeconds(Math.min(timeoutSeconds, 60)))) {
      while (System.nanoTime() < deadline) {
        Thread.sleep(100);
        failure = session.failure();
        if (failure != null) {
          break;
        }
        count = receiver.ipv4Prefixes();
        if (count >= expected) {
          done = System.nanoTime();
          break;
        }
      }
      established = session.establishedAt();
      sent = session.sentAt();
    }
    long rss = Processes.peakRss(receiver.pid());
    double cpu = Processes.cpuSeconds(receiver.pid()) - cpuBefore;
    if (failure != null) {
      throw new IllegalStateException(
          "the session to " + receiver.name + " failed (" + count + " prefixes): " + failure);
    }
    if (done < 0 || established < 0) {
      throw new IllegalStateException(
          receiver.name
              + " holds "
              + count
              + " of "
              + expected
              + " prefixes after "
              + timeoutSeconds
              + " s");
    }
    Result r =
        new Result(
            receiver.name,
            count,
            (done - established) / 1e9,
            (established - added) / 1e9,
            rss,
            cpu);
    System.out.printf(
        "%s: %d prefixes in %.2f s (session up %.2f s after the peer was added%s), peak RSS"
            + " %.1f MB, %.2f CPU s (%s feeder)%n",
        r.receiver(),
        r.routes(),
        r.seconds(),
        r.establishSeconds(),
        sent < 0
            ? ""
            : String.format(
                ", the feeder's socket took the table %.2f s after Established",
                (sent - established) / 1e9),
        r.peakRss() / 1e6,
        r.cpuSeconds(),
        feeder.name());
    return r;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
