package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.BgpEvent;
import dev.gingham.bgp.BgpRoute;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.EventOptions;
import dev.gingham.bgp.EventSubscription;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.bgp.PeerState;
import dev.gingham.bgp.PeerTable;
import dev.gingham.core.Mrt;
import dev.gingham.net.IpAddress;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Full-table ingest, side by side: one feeder, a Gingham speaker with the generated table injected
 * from its MRT file, sends the table's IPv4 routes to each receiver in turn (Gingham, BIRD 2,
 * GoBGP), each a process of its own on loopback that waits passively. For each it reports the time
 * from the session's Established state at the feeder (its first UPDATE follows at once) to the
 * first answer in which the receiver's Loc-RIB holds every prefix, asked every 100 ms, and the
 * receiver's peak resident set size (VmHWM).
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.bgp.FullTableHarness \
 *     [--table table.mrt] [--receivers gingham,bird,gobgp] [--timeout 900] \
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
            args, "--table", "--receivers", "--timeout", "--receiver-jvm", "--native-memory");
    String table = o.get("--table");
    printTable(
        System.out,
        measure(
            table == null ? null : Path.of(table),
            Arrays.asList(o.get("--receivers", "gingham,bird,gobgp").split(",")),
            o.getLong("--timeout", 900),
            o.get("--receiver-jvm") == null ? daemonJvmOptions() : o.get("--receiver-jvm"),
            Boolean.parseBoolean(o.get("--native-memory", "false")),
            System.out));
  }

  /**
   * Feeds the table to each receiver in turn, after an unmeasured warm-up round, and returns their
   * figures; progress goes to {@code out}.
   *
   * @param table the MRT file, or null to generate {@link FeedTable.Spec#FULL}
   */
  static List<Result> measure(
      @Nullable Path table,
      List<String> receivers,
      long timeout,
      String jvm,
      boolean nmt,
      PrintStream out)
      throws Exception {
    Path dir = Files.createTempDirectory("gingham-ingest");
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
    try (BgpSpeaker feeder =
        BgpSpeaker.builder()
            .localAs(FEEDER_AS)
            .routerId(Ipv4Address.parse(FEEDER))
            .name("feeder")
            .start()) {
      feeder.injectTable(new PeerTable(source.peer(), routes));
      Map<IpAddress, Long> establishedAt = new ConcurrentHashMap<>();
      EventSubscription sub =
          feeder.events(
              EventOptions.DEFAULTS.withReplay(false).peerStatesOnly(),
              e -> {
                if (e instanceof BgpEvent.PeerStateChanged
                    && ((BgpEvent.PeerStateChanged) e).current() == PeerState.ESTABLISHED) {
                  establishedAt.put(((BgpEvent.PeerStateChanged) e).peer(), System.nanoTime());
                }
              });
      // A first, unmeasured round warms the feeder's export code, which every receiver shares.
      try (RouteReceiver warmUp = receiver("gingham", "127.0.0.19", jvm)) {
        out.print("warm-up round, not counted: ");
        run(feeder, warmUp, dir, routes.size(), timeout, establishedAt);
      }
      int n = 0;
      for (String name : receivers) {
        System.gc();
        String address = "127.0.0." + (20 + n++);
        try (RouteReceiver receiver = receiver(name, address, jvm)) {
          results.add(run(feeder, receiver, dir, routes.size(), timeout, establishedAt));
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
      sub.close();
    }
    out.println("load after: " + loadAverage());
    return results;
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
      BgpSpeaker feeder,
      RouteReceiver receiver,
      Path dir,
      int expected,
      long timeoutSeconds,
      Map<IpAddress, Long> establishedAt)
      throws Exception {
    receiver.start(dir, FEEDER, FEEDER_AS);
    IpAddress address = IpAddress.parse(receiver.address);
    PeerConfig.Builder peer =
        PeerConfig.builder(address, RouteReceiver.AS)
            .port(receiver.port)
            .localAddress(IpAddress.parse(FEEDER))
            .holdTime(Duration.ofSeconds(240))
            .connectRetryTime(Duration.ofSeconds(1))
            .families(Set.of(AddressFamily.IPV4_UNICAST));
    if (receiver.refusesLoopbackNextHops()) {
      peer.ipv4NextHop(IpAddress.parse("192.0.2.10"));
    }
    double cpuBefore = Processes.cpuSeconds(receiver.pid());
    long added = System.nanoTime();
    feeder.addPeer(peer.build());
    long deadline = added + timeoutSeconds * 1_000_000_000L;
    long count = -1;
    long done = -1;
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      count = receiver.ipv4Prefixes();
      if (count >= expected) {
        done = System.nanoTime();
        break;
      }
    }
    long rss = Processes.peakRss(receiver.pid());
    double cpu = Processes.cpuSeconds(receiver.pid()) - cpuBefore;
    feeder.removePeer(address);
    Long established = establishedAt.get(address);
    if (done < 0 || established == null) {
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
        "%s: %d prefixes in %.2f s (session up %.2f s after the peer was added), peak RSS %.1f"
            + " MB, %.2f CPU s%n",
        r.receiver(),
        r.routes(),
        r.seconds(),
        r.establishSeconds(),
        r.peakRss() / 1e6,
        r.cpuSeconds());
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
