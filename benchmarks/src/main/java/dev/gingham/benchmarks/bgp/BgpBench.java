package dev.gingham.benchmarks.bgp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the BGP part 2 issue measures, in one run with one table: the full-table ingest into
 * Gingham, BIRD and GoBGP ({@link FullTableHarness}) and the 1,000-client route reflector ({@link
 * ManyPeersHarness}). {@code benchmarks/bench-bgp.sh} runs it.
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.gingham.benchmarks.bgp.BgpBench \
 *     [--table table.mrt] [--receivers gingham,bird,gobgp] [--clients 1000] [--timeout 900] \
 *     [--feeder replay|speaker]
 * </pre>
 */
public final class BgpBench {
  private BgpBench() {}

  /** Runs both and prints the table. */
  public static void main(String[] args) throws Exception {
    HarnessOptions o =
        HarnessOptions.parse(args, "--table", "--receivers", "--clients", "--timeout", "--feeder");
    String feeder = o.get("--feeder", FullTableHarness.DEFAULT_FEEDER);
    String table = o.get("--table");
    List<String> receivers = Arrays.asList(o.get("--receivers", "gingham,bird,gobgp").split(","));
    int clients = o.getInt("--clients", 1000);
    long timeout = o.getLong("--timeout", 900);
    List<FullTableHarness.Result> results = new ArrayList<>();
    if (!receivers.isEmpty() && !receivers.get(0).isEmpty()) {
      results.addAll(
          FullTableHarness.measure(
              table == null ? null : Path.of(table),
              receivers,
              timeout,
              FullTableHarness.daemonJvmOptions(),
              false,
              feeder,
              System.out));
    }
    if (clients > 0) {
      System.gc();
      results.add(ManyPeersHarness.measure(clients, 10, Math.min(timeout, 300), 90, System.out));
    }
    FullTableHarness.printTable(System.out, results);
    System.out.println(
        "(ingest, "
            + feeder
            + " feeder: seconds from the feeder's session Established to the full Loc-RIB, peak"
            + " RSS of"
            + " the receiver's process; gingham-rr-N: seconds from adding the sessions to every"
            + " client holding every route, routes = routes the clients received, RSS and CPU of"
            + " the one JVM running the reflector and its clients)");
  }
}
