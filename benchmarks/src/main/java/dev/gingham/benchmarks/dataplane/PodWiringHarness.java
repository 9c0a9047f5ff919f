package dev.gingham.benchmarks.dataplane;

import dev.gingham.core.PodInterface;
import dev.gingham.core.PodNetworks;
import dev.gingham.dataplane.linux.LinuxDataplane;
import dev.gingham.net.Ipv4Address;
import dev.gingham.spi.dataplane.NetworkNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times pod wiring on the real kernel, in process: for each pod, the handle on its namespace (as a
 * CNI plugin gets {@code CNI_NETNS}) and {@link PodNetworks#wire} (a veth with its peer made in the
 * pod, the pod's /32, two routes in the pod, a host route and three sysctls on the host end: 11
 * kernel requests). The pods' namespaces are made beforehand and not timed, as the container
 * runtime makes them. 50 unrecorded warm-up pods, then 200 timed ones, all in namespaces of the
 * harness's own, deleted at the end even on failure. Reports p50, p90, p99 and max per pod, and the
 * load average.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.dataplane.PodWiringHarness}.
 */
public final class PodWiringHarness {
  private static final String PREFIX = "ghbench-pod";
  private static final int WARMUP = 50;
  private static final int PODS = 200;

  private PodWiringHarness() {}

  public static void main(String[] args) throws Exception {
    System.out.println("load average before: " + RouteProgrammingHarness.loadAverage());
    List<String> names = new ArrayList<>();
    try (LinuxDataplane dp = LinuxDataplane.open()) {
      try {
        String nodeName = PREFIX + "-node";
        dp.namespaces().delete(nodeName);
        names.add(nodeName);
        NetworkNamespace node = dp.namespaces().create(nodeName);
        PodNetworks.prepareNode(dp, node);
        long[] create = new long[WARMUP + PODS];
        long[] wire = new long[WARMUP + PODS];
        for (int i = 0; i < WARMUP + PODS; i++) {
          String name = PREFIX + i;
          dp.namespaces().delete(name);
          names.add(name);
          long t0 = System.nanoTime();
          dp.namespaces().create(name).close();
          long t1 = System.nanoTime();
          try (NetworkNamespace pod = dp.namespaces().open(Path.of("/run/netns", name))) {
            PodNetworks.wire(
                dp,
                node,
                pod,
                PodInterface.of("cali" + i, "eth0", List.of(Ipv4Address.of(0x0A41_0000 + i + 1))));
          }
          long t2 = System.nanoTime();
          create[i] = t1 - t0;
          wire[i] = t2 - t1;
        }
        long[] timed = Arrays.copyOfRange(wire, WARMUP, WARMUP + PODS);
        long[] made = Arrays.copyOfRange(create, WARMUP, WARMUP + PODS);
        System.out.printf(
            "pod wiring, %d pods after %d warm-up (ms per pod): p50 %.3f  p90 %.3f  p99 %.3f  max"
                + " %.3f  mean %.3f%n",
            PODS,
            WARMUP,
            pct(timed, 50),
            pct(timed, 90),
            pct(timed, 99),
            pct(timed, 100),
            Arrays.stream(timed).average().orElse(0) / 1e6);
        System.out.printf(
            "namespace creation, not counted above (ms): p50 %.3f  p99 %.3f%n",
            pct(made, 50), pct(made, 99));
      } finally {
        for (String n : names) {
          dp.namespaces().delete(n);
        }
      }
    }
    System.out.println("load average after: " + RouteProgrammingHarness.loadAverage());
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
    return s[Math.max(0, i)] / 1e6;
  }
}
