package dev.gingham.benchmarks.route;

import dev.gingham.benchmarks.table.InternetTable;
import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.net.IpFamily;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Loads the full synthetic table and prints the size of each family's lookup structure per prefix,
 * and how long loading took (one insert at a time, each rebuilding what it touches).
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.route.FibFootprint}.
 */
public final class FibFootprint {
  private FibFootprint() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    InternetTable table = InternetTable.generate();
    String[] hops = Tables.nextHops();
    for (int round = 0; round < 2; round++) {
      PoptriePrefixMap<String> m = new PoptriePrefixMap<>();
      long a = System.nanoTime();
      for (int i = 0; i < table.ipv4().size(); i++) {
        m.put(table.ipv4().get(i), hops[i & 31]);
      }
      long b = System.nanoTime();
      for (int i = 0; i < table.ipv6().size(); i++) {
        m.put(table.ipv6().get(i), hops[i & 31]);
      }
      long c = System.nanoTime();
      out.printf(
          "round %d: IPv4 %.0f ns/insert, IPv6 %.0f ns/insert%n",
          round, (b - a) / 1e6, (c - b) / 2e5);
    }
    long t0 = System.nanoTime();
    PoptriePrefixMap<String> map = Tables.load(table, hops);
    long t1 = System.nanoTime();
    out.printf(
        "loaded %d IPv4 + %d IPv6 prefixes in %.2f s (with a final compaction)%n",
        table.ipv4().size(), table.ipv6().size(), (t1 - t0) / 1e9);
    for (IpFamily family : IpFamily.values()) {
      PoptriePrefixMap.FibSize size = map.fibSize(family);
      int n = family == IpFamily.IPV4 ? table.ipv4().size() : table.ipv6().size();
      out.printf(
          "%s: %d bytes (%.2f MiB), %.2f bytes per prefix; %d distinct values, %s leaves%n",
          family,
          size.bytes(),
          size.bytes() / 1048576.0,
          (double) size.bytes() / n,
          size.values(),
          size.narrowLeaves() ? "16-bit" : "32-bit");
    }
  }
}
