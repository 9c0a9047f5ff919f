package dev.gingham.benchmarks.table;

import dev.gingham.bgp.PathAttributes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an {@link FeedTable} as an MRT TABLE_DUMP_V2 file and prints what it holds.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.table.TableGenerator \
 *     --out table.mrt [--seed 42] [--ipv4 1000000] [--ipv6 200000] [--sets 400000]
 * </pre>
 */
public final class TableGenerator {
  private TableGenerator() {}

  /** Runs the generator; exits 2 on a bad argument. */
  public static void main(String[] args) throws IOException {
    FeedTable.Spec full = FeedTable.Spec.FULL;
    Path out = null;
    long seed = full.seed();
    int ipv4 = full.ipv4();
    int ipv6 = full.ipv6();
    int sets = full.attributeSets();
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--out":
            out = Path.of(value);
            break;
          case "--seed":
            seed = Long.parseLong(value);
            break;
          case "--ipv4":
            ipv4 = Integer.parseInt(value);
            break;
          case "--ipv6":
            ipv6 = Integer.parseInt(value);
            break;
          case "--sets":
            sets = Integer.parseInt(value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (out == null) {
        throw new IllegalArgumentException("--out FILE is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("TableGenerator: " + e.getMessage());
      System.exit(2);
      return;
    }
    long start = System.nanoTime();
    FeedTable table = FeedTable.generate(new FeedTable.Spec(seed, ipv4, ipv6, sets, 0));
    table.writeMrt(out, Instant.ofEpochSecond(1_700_000_000L));
    describe(table, System.out);
    System.out.printf(
        "wrote %s: %d bytes in %.1f s%n", out, Files.size(out), (System.nanoTime() - start) / 1e9);
  }

  /** Prints the counts and distributions of a table. */
  static void describe(FeedTable table, PrintStream out) {
    Map<Integer, Integer> v4 = new TreeMap<>();
    Map<Integer, Integer> v6 = new TreeMap<>();
    Map<Integer, Integer> paths = new TreeMap<>();
    long hops = 0;
    for (int i = 0; i < table.ipv4Count(); i++) {
      v4.merge(table.ipv4Prefix(i).length(), 1, Integer::sum);
      PathAttributes a = table.ipv4Attributes(i);
      paths.merge(a.asPath().pathLength(), 1, Integer::sum);
      hops += a.asPath().pathLength();
    }
    for (int i = 0; i < table.ipv6Count(); i++) {
      v6.merge(table.ipv6Prefix(i).length(), 1, Integer::sum);
    }
    out.printf(
        "seed %d: %d IPv4 and %d IPv6 prefixes, %d distinct attribute sets%n",
        table.spec().seed(), table.ipv4Count(), table.ipv6Count(), table.attributeSets());
    out.println("IPv4 prefix lengths: " + v4);
    out.println("IPv6 prefix lengths: " + v6);
    out.printf(
        "IPv4 AS path lengths (with prepends): %s, mean %.2f%n",
        paths, table.ipv4Count() == 0 ? 0.0 : (double) hops / table.ipv4Count());
  }
}
