package dev.gingham.benchmarks.resource;

import static dev.gingham.benchmarks.dataplane.RouteProgrammingHarness.loadAverage;

import dev.gingham.datastore.etcd.EtcdProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code gingham apply -f FILE} of one large multi-document file, as a user runs it: the CLI
 * jar in a process of its own, on a fresh SQLite file and on a fresh key prefix of a real etcd (one
 * member on loopback ports, in a temporary folder; stopped and deleted at the end, also on
 * failure). The file holds {@value #DOCUMENTS} documents: a tier, a pool, 300 namespaced network
 * policies in the tier, 700 global network sets and 998 workload endpoints. Each store is timed
 * three times, each time fresh: the first apply (everything created: checked whole, then written in
 * transactions of 30), then the same apply again (everything read and found unchanged). {@code
 * gingham version} on no store is timed too, as the cost of starting the JVM and the command, and
 * {@code gingham get tiers} on each empty store, as that cost with the store opened (etcd's client
 * costs more to start than SQLite's). calicoctl is not installed here, so there is no peer to run
 * beside it.
 *
 * <p>Build the CLI jar first ({@code mvn -B -q -pl samples/cli -am package -DskipTests -o}), then
 * run {@code java -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.resource.ApplyHarness
 * samples/cli/target/gingham-cli.jar}. It prints a report and exits non-zero if a step fails.
 */
public final class ApplyHarness {
  static final int DOCUMENTS = 2000;
  private static final int ROUNDS = 3;
  private static final long TIMEOUT_SECONDS = 300;

  private ApplyHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println(
          "usage: ApplyHarness PATH/TO/gingham-cli.jar (build it with mvn -B -q -pl samples/cli"
              + " -am package -DskipTests -o)");
      System.exit(1);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path dir = Files.createTempDirectory("gingham-apply-bench-");
    EtcdProcess etcd = null;
    try {
      Path file = Files.writeString(dir.resolve("cluster.yaml"), manifest());
      etcd = EtcdProcess.single(dir, null);
      etcd.start();
      System.out.println("load average before: " + loadAverage());
      System.out.println("file: " + DOCUMENTS + " documents, " + Files.size(file) / 1024 + " KiB");
      long[] startup = new long[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        startup[i] = run(jar, dir, "version", "--agent-socket", dir.resolve("none").toString());
      }
      System.out.printf(
          "%-8s %-24s %10s %10s %10s%n", "store", "step", "min ms", "median ms", "max ms");
      report("-", "gingham version", startup);
      for (String store : List.of("sqlite", "etcd")) {
        long[] open = new long[ROUNDS];
        long[] create = new long[ROUNDS];
        long[] unchanged = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          String uri =
              store.equals("sqlite")
                  ? "sqlite:" + dir.resolve("state-" + i + ".db")
                  : "etcd://" + etcd.endpoint() + "?prefix=/bench-" + i;
          open[i] = run(jar, dir, "get", "tiers", "--datastore", uri);
          create[i] = run(jar, dir, "apply", "-f", file.toString(), "--datastore", uri);
          unchanged[i] = run(jar, dir, "apply", "-f", file.toString(), "--datastore", uri);
        }
        report(store, "get tiers (empty store)", open);
        report(store, "apply (all created)", create);
        report(store, "apply (all unchanged)", unchanged);
      }
      System.out.println("load average after: " + loadAverage());
    } finally {
      if (etcd != null) {
        etcd.close();
      }
      EtcdProcess.deleteTree(dir);
    }
  }

  /** The multi-document YAML a cluster's administrator might keep: every document distinct. */
  static String manifest() {
    StringBuilder b = new StringBuilder();
    b.append(
        "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n");
    b.append(
        "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pods}\n"
            + "spec: {cidr: 10.64.0.0/12, blockSize: 26, natOutgoing: true}\n");
    for (int i = 0; i < 300; i++) {
      b.append("---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n")
          .append("metadata: {name: security.allow-")
          .append(i)
          .append(", namespace: ns-")
          .append(i % 30)
          .append("}\nspec:\n  tier: security\n  order: ")
          .append(i)
          .append("\n  selector: app == 'app-")
          .append(i)
          .append("'\n  types: [Ingress, Egress]\n  ingress:\n")
          .append("  - action: Allow\n    protocol: TCP\n    source: {selector: role == 'client-")
          .append(i % 17)
          .append("'}\n    destination: {ports: [80, 443, ")
          .append(8000 + i)
          .append("]}\n  - action: Deny\n    source: {nets: [10.")
          .append(i % 250)
          .append(".0.0/16]}\n  egress:\n  - action: Allow\n    protocol: UDP\n")
          .append("    destination: {selector: k8s-app == 'kube-dns', ports: [53]}\n");
    }
    for (int i = 0; i < 700; i++) {
      b.append("---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\n")
          .append("metadata: {name: set-")
          .append(i)
          .append(", labels: {zone: z")
          .append(i % 9)
          .append("}}\nspec: {nets: [192.0.")
          .append(i % 256)
          .append(".0/24, 198.51.")
          .append(i % 100)
          .append(".0/24]}\n");
    }
    for (int i = 0; i < DOCUMENTS - 1002; i++) {
      b.append("---\napiVersion: projectcalico.org/v3\nkind: WorkloadEndpoint\n")
          .append("metadata: {name: node-")
          .append(i % 50)
          .append("-k8s-pod--")
          .append(i)
          .append("-eth0, namespace: ns-")
          .append(i % 30)
          .append(", labels: {app: app-")
          .append(i % 300)
          .append("}}\nspec: {node: node-")
          .append(i % 50)
          .append(", pod: pod-")
          .append(i)
          .append(", endpoint: eth0, interfaceName: cali")
          .append(String.format("%011x", i))
          .append(", ipNetworks: [10.64.")
          .append(i / 250)
          .append('.')
          .append(i % 250 + 1)
          .append("/32]}\n");
    }
    return b.toString();
  }

  /** Runs the CLI once and returns its wall time in nanoseconds; a failed run ends the harness. */
  private static long run(Path jar, Path dir, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args));
    Path err = dir.resolve("stderr.txt");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("gingham " + String.join(" ", args) + " took too long");
    }
    long elapsed = System.nanoTime() - t0;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "gingham "
              + String.join(" ", args)
              + " exited "
              + p.exitValue()
              + ": "
              + Files.readString(err));
    }
    return elapsed;
  }

  private static void report(String store, String step, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-8s %-24s %10.0f %10.0f %10.0f%n",
        store,
        step,
        sorted[0] / 1e6,
        sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}
