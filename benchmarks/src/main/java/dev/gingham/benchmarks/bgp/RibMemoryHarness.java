package dev.gingham.benchmarks.bgp;

import dev.gingham.benchmarks.table.FeedTable;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Loads a synthetic table into the Adj-RIB-In and Loc-RIB of one session and reports the heap the
 * routes hold, after full collections, divided by the number of routes. Everything the RIB keeps
 * counts: the prefix index, both tables, the interned attribute sets and candidates, and the
 * session's attribute cache. The encoded UPDATEs are off-heap and freed before the measurement.
 *
 * <p>Run with {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * dev.gingham.benchmarks.bgp.RibMemoryHarness [prefixes]}; the target is at most 200 bytes per
 * route at 1,000,000 routes.
 */
public final class RibMemoryHarness {
  private RibMemoryHarness() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws InterruptedException {
    int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    FeedTable table = FeedTable.generate(RibLoader.ipv4Table(prefixes, 0));
    ByteBuf updates = table.updates(RibLoader.SESSION, false);
    table = null; // only the encoded stream is needed now
    long before = usedAfterGc();
    RibLoader rib = new RibLoader();
    rib.load(updates);
    updates.release();
    long after = usedAfterGc();
    if (rib.adjRibInSize() != prefixes || rib.locRibSize() != prefixes) {
      throw new IllegalStateException("loaded " + rib.adjRibInSize() + " routes, not " + prefixes);
    }
    long bytes = after - before;
    System.out.printf(
        "routes=%d attributeSets=%d heapHeld=%d bytes bytesPerRoute=%.1f (target <= 200)%n",
        prefixes, rib.attributeSets(), bytes, (double) bytes / prefixes);
    // Keep the RIB reachable until after the measurement.
    if (rib.bestChanges() < 0) {
      System.out.println(rib);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
