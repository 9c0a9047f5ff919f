package dev.gingham.benchmarks.policy;

import dev.gingham.core.NftablesOptions;
import dev.gingham.core.Policies;
import dev.gingham.core.PolicyRenderer;
import dev.gingham.dataplane.linux.LinuxDataplane;
import dev.gingham.dataplane.linux.nft.NftScript;
import dev.gingham.policy.PolicyModel;
import dev.gingham.policy.WorkloadEndpoint;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times Gingham's policy program on the real kernel, in a network namespace of its own (deleted at
 * the end, also on failure): for 1,000, 10,000 and 20,000 workloads with 1,000 policies in 100
 * namespaces, the rendered size, the compile-and-render time (wall, and the compiling thread's CPU,
 * which shows the work when other processes share the cores) and the {@code nft -f} time of the
 * full program; then, at 10,000, the time to compute, and to compute and apply, one endpoint added
 * and one label changed, over 500 of each after 1,000 unrecorded warm-up rounds and a collection,
 * as p50, p99 and max.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.policy.PolicyApplyHarness}. It prints a report and exits non-zero if a
 * step fails.
 */
public final class PolicyApplyHarness {
  private static final String NS = "ghpol-bench";
  private static final int POLICIES = 1000;
  private static final int NAMESPACES = 100;
  private static final int ROUNDS = 500;
  private static final int WARMUP = 1000;

  private PolicyApplyHarness() {}

  public static void main(String[] args) throws Exception {
    LinuxDataplane dp = LinuxDataplane.open();
    PacketFilter filter = dp.packetFilter();
    NetworkNamespace ns = null;
    System.out.println("load average: " + loadAverage());
    System.out.printf(
        "%-9s %8s %8s %6s %9s %9s %11s %11s %11s%n",
        "endpoints",
        "chains",
        "rules",
        "sets",
        "elements",
        "script",
        "compile ms",
        "(cpu ms)",
        "nft -f ms");
    try {
      for (int endpoints : new int[] {1000, 10_000, 20_000}) {
        PolicyModel model = SyntheticCluster.model(endpoints, POLICIES, NAMESPACES);
        long[] compile = new long[3];
        long[] cpu = new long[3];
        java.lang.management.ThreadMXBean mx =
            java.lang.management.ManagementFactory.getThreadMXBean();
        long[] apply = new long[3];
        PolicyRenderer r = null;
        String script = null;
        for (int i = 0; i < 3; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          r = Policies.nftables(NftablesOptions.DEFAULT);
          FilterTransaction full = r.load(model);
          script = NftScript.of(full).text();
          compile[i] = System.nanoTime() - t0;
          cpu[i] = mx.getCurrentThreadCpuTime() - c0;
          ns = recreate(dp, ns);
          long t1 = System.nanoTime();
          filter.apply(ns, full);
          apply[i] = System.nanoTime() - t1;
        }
        PolicyRenderer.Stats s = r.stats();
        System.out.printf(
            "%-9d %8d %8d %6d %9d %8dk %11.0f %11.0f %11.0f%n",
            endpoints,
            s.chains(),
            s.rules(),
            s.sets(),
            s.elements(),
            script.length() / 1024,
            median(compile) / 1e6,
            median(cpu) / 1e6,
            median(apply) / 1e6);
        if (endpoints == 10_000) {
          incremental(r, filter, ns, endpoints);
        }
      }
      System.out.println("load average: " + loadAverage());
    } finally {
      dp.close();
      run("ip", "netns", "delete", NS);
    }
  }

  private static void incremental(
      PolicyRenderer r, PacketFilter filter, NetworkNamespace ns, int endpoints) {
    // Warm-up rounds, not recorded: the JIT compiles the hot paths first, as JMH would; then the
    // garbage of the full compiles is collected, as JMH does between iterations.
    step(r, filter, ns, endpoints, WARMUP, 0, new long[WARMUP][4]);
    System.gc();
    long[][] t = new long[ROUNDS][4];
    step(r, filter, ns, endpoints, ROUNDS, WARMUP, t);
    long[] addCompute = column(t, 0);
    long[] addTotal = column(t, 1);
    long[] labelCompute = column(t, 2);
    long[] labelTotal = column(t, 3);
    System.out.printf(
        "incremental at %d endpoints, %d rounds after %d warm-up (ms): add endpoint compute p50 %.3f p99 %.3f, compute+apply p50 %.2f p99 %.2f max %.2f; change label compute p50 %.3f p99 %.3f, compute+apply p50 %.2f p99 %.2f max %.2f%n",
        endpoints,
        ROUNDS,
        WARMUP,
        pct(addCompute, 50) / 1e6,
        pct(addCompute, 99) / 1e6,
        pct(addTotal, 50) / 1e6,
        pct(addTotal, 99) / 1e6,
        pct(addTotal, 100) / 1e6,
        pct(labelCompute, 50) / 1e6,
        pct(labelCompute, 99) / 1e6,
        pct(labelTotal, 50) / 1e6,
        pct(labelTotal, 99) / 1e6,
        pct(labelTotal, 100) / 1e6);
  }

  /** Rounds of: add a new endpoint, then move an existing one to another app. */
  private static void step(
      PolicyRenderer r,
      PacketFilter filter,
      NetworkNamespace ns,
      int endpoints,
      int rounds,
      int offset,
      long[][] t) {
    WorkloadEndpoint base =
        SyntheticCluster.endpoint(endpoints / 3, NAMESPACES, SyntheticCluster.app(endpoints / 3));
    for (int i = 0; i < rounds; i++) {
      int k = offset + i;
      WorkloadEndpoint e =
          SyntheticCluster.endpoint(endpoints + k, NAMESPACES, SyntheticCluster.app(k));
      long t0 = System.nanoTime();
      FilterTransaction tx = r.putEndpoint(e);
      long t1 = System.nanoTime();
      filter.apply(ns, tx);
      long t2 = System.nanoTime();
      WorkloadEndpoint changed =
          WorkloadEndpoint.builder(base.namespace(), base.name())
              .interfaceName(base.interfaceName())
              .addresses(base.addresses())
              .labels(base.labels().with("app", SyntheticCluster.app(k + 1)))
              .profiles(base.profiles())
              .ports(base.ports())
              .build();
      long t3 = System.nanoTime();
      FilterTransaction label = r.putEndpoint(changed);
      long t4 = System.nanoTime();
      filter.apply(ns, label);
      long t5 = System.nanoTime();
      t[i][0] = t1 - t0;
      t[i][1] = t2 - t0;
      t[i][2] = t4 - t3;
      t[i][3] = t5 - t3;
    }
  }

  private static long[] column(long[][] t, int c) {
    long[] out = new long[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = t[i][c];
    }
    return out;
  }

  private static double median(long[] v) {
    return pct(v, 50);
  }

  private static double pct(long[] v, int p) {
    long[] s = v.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))];
  }

  /** Makes the namespace anew and returns a handle on it, closing the previous one. */
  private static NetworkNamespace recreate(LinuxDataplane dp, NetworkNamespace previous)
      throws IOException, InterruptedException {
    if (previous != null) {
      previous.close();
    }
    run("ip", "netns", "delete", NS);
    if (run("ip", "netns", "add", NS) != 0) {
      throw new IllegalStateException("cannot create namespace " + NS + " (run as root)");
    }
    return dp.namespaces().open(java.nio.file.Path.of("/run/netns", NS));
  }

  private static int run(String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String loadAverage() {
    try {
      return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")))
          .trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
