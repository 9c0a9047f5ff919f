package dev.gingham.benchmarks.dataplane;

import dev.gingham.dataplane.linux.LinuxDataplane;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.route.Route;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.RouteChange;
import dev.gingham.spi.dataplane.RouteFilter;
import dev.gingham.spi.dataplane.VethSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times route programming on the real kernel, in a namespace of its own (deleted at the end, also
 * on failure): 100,000 {@code /32} routes out of a device, protocol 80, added by {@code ip -batch}
 * and removed by {@code ip route flush proto 80}, against the same added by the Linux dataplane's
 * batched {@code Routes.apply} and removed by a listing of the protocol's routes and one batch of
 * deletes. Rounds alternate between the two, five of each after two unrecorded warm-up rounds; each
 * round checks that the kernel holds exactly the routes afterwards. The report gives the median and
 * the best wall time, and the median CPU time (user and system, the kernel's work in the system
 * calls included) of the {@code ip} process or of the thread that ran Gingham's calls, which shows
 * the work when other processes share the cores; and the load average before and after.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.dataplane.RouteProgrammingHarness [routes]}.
 */
public final class RouteProgrammingHarness {
  private static final String NS = "ghbench-routes";
  private static final int ROUNDS = 5;
  private static final int WARMUP = 2;

  private RouteProgrammingHarness() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    System.out.println("load average before: " + loadAverage());
    Path batch = Files.createTempFile("gingham-routes", ".batch");
    try (LinuxDataplane dp = LinuxDataplane.open()) {
      dp.namespaces().delete(NS);
      try (NetworkNamespace ns = dp.namespaces().create(NS)) {
        dp.links().createVeth(ns, new VethSpec("d0", null, "d1", ns, null, 0));
        dp.links().setUp(ns, "d0", true);
        dp.links().setUp(ns, "d1", true);
        List<Route> routes = routes(count);
        StringBuilder text = new StringBuilder();
        for (Route r : routes) {
          text.append("route add ").append(r.destination()).append(" dev d0 proto 80\n");
        }
        Files.writeString(batch, text, StandardCharsets.US_ASCII);
        List<RouteChange> adds = new ArrayList<>(count);
        routes.forEach(r -> adds.add(RouteChange.add(r)));

        long[] ipAdd = new long[ROUNDS];
        long[] ipFlush = new long[ROUNDS];
        long[] ourAdd = new long[ROUNDS];
        long[] ourDelete = new long[ROUNDS];
        long[][] cpu = new long[4][ROUNDS];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = -WARMUP; round < ROUNDS; round++) {
          long t0 = System.nanoTime();
          long c0 = run("ip", "-n", NS, "-batch", batch.toString());
          long t1 = System.nanoTime();
          check(dp, ns, count, "after ip -batch");
          long t2 = System.nanoTime();
          long c1 = run("ip", "-n", NS, "route", "flush", "proto", "80");
          long t3 = System.nanoTime();
          check(dp, ns, 0, "after ip route flush");

          // The garbage of the checks is collected before, not during, a timed step (as JMH
          // collects between iterations).
          System.gc();
          long c2 = mx.getCurrentThreadCpuTime();
          long t4 = System.nanoTime();
          List<RouteChange.Failure> failed = dp.routes().apply(ns, adds);
          long t5 = System.nanoTime();
          long c3 = mx.getCurrentThreadCpuTime();
          if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " adds failed: " + failed.get(0));
          }
          check(dp, ns, count, "after Routes.apply");
          System.gc();
          long c4 = mx.getCurrentThreadCpuTime();
          long t6 = System.nanoTime();
          List<Route> held = dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM));
          List<RouteChange> deletes = new ArrayList<>(held.size());
          held.forEach(r -> deletes.add(RouteChange.delete(r)));
          failed = dp.routes().apply(ns, deletes);
          long t7 = System.nanoTime();
          long c5 = mx.getCurrentThreadCpuTime();
          if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " deletes failed: " + failed.get(0));
          }
          check(dp, ns, 0, "after the batched deletes");
          if (round >= 0) {
            ipAdd[round] = t1 - t0;
            ipFlush[round] = t3 - t2;
            ourAdd[round] = t5 - t4;
            ourDelete[round] = t7 - t6;
            cpu[0][round] = c0;
            cpu[1][round] = c3 - c2;
            cpu[2][round] = c1;
            cpu[3][round] = c5 - c4;
          }
        }
        System.out.printf(
            "%,d routes, %d rounds after %d warm-up (seconds: wall median / best, CPU median):%n",
            count, ROUNDS, WARMUP);
        report("ip -batch (route add ... dev d0 proto 80)", ipAdd, null, cpu[0], null);
        report("Gingham Routes.apply, batched netlink", ourAdd, ipAdd, cpu[1], cpu[0]);
        report("ip route flush proto 80", ipFlush, null, cpu[2], null);
        report("Gingham list(owned) + batched deletes", ourDelete, ipFlush, cpu[3], cpu[2]);
      } finally {
        dp.namespaces().delete(NS);
      }
    } finally {
      Files.deleteIfExists(batch);
    }
    System.out.println("load average after: " + loadAverage());
  }

  /** Routes 10.0.0.0/32, 10.0.0.1/32, ... out of d0, protocol 80. */
  static List<Route> routes(int count) {
    List<Route> out = new ArrayList<>(count);
    int base = Ipv4Address.parse("10.0.0.0").toInt();
    for (int i = 0; i < count; i++) {
      out.add(
          Route.builder(IpPrefix.of(Ipv4Address.of(base + i), 32))
              .device("d0")
              .protocol(Route.PROTOCOL_GINGHAM)
              .build());
    }
    return out;
  }

  private static void check(LinuxDataplane dp, NetworkNamespace ns, int expected, String when) {
    int n = dp.routes().list(ns, RouteFilter.owned(Route.PROTOCOL_GINGHAM)).size();
    if (n != expected) {
      throw new IllegalStateException(when + ": " + n + " routes of protocol 80, not " + expected);
    }
  }

  private static void report(
      String what, long[] nanos, long[] peer, long[] cpuNanos, long[] peerCpu) {
    String ratio = "";
    if (peer != null) {
      ratio =
          String.format(
              "   ratio to ip: wall %.2fx, CPU %.2fx",
              (double) median(peer) / median(nanos), (double) median(peerCpu) / median(cpuNanos));
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        "  %-44s %7.3f / %7.3f   CPU %7.3f%s%n",
        what, median(nanos) / 1e9, s[0] / 1e9, median(cpuNanos) / 1e9, ratio);
  }

  private static long median(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The machine's load average, as /proc/loadavg gives it; every harness reports it. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  /**
   * Runs a command under bash's {@code time}, and returns its CPU time (user and system).
   *
   * @throws IllegalStateException if it fails or takes more than two minutes
   */
  static long run(String... cmd) throws IOException, InterruptedException {
    List<String> timed =
        new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='%3U %3S'; time \"$@\"", "time"));
    timed.addAll(List.of(cmd));
    Process p = new ProcessBuilder(timed).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd));
    }
    String[] lines = new String(err, StandardCharsets.UTF_8).strip().split("\n");
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd)
              + " exited "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8)
              + String.join("\n", lines));
    }
    String[] times = lines[lines.length - 1].strip().split(" ");
    return Math.round((Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1e9);
  }
}
