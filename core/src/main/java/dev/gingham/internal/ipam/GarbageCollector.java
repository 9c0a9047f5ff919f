package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.GcReport;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases the addresses of handles that are no longer live. The handles are found by scanning
 * every block, so that addresses whose handle record is missing are found too, and every handle
 * record, so that records counting nothing are dropped. Each handle is released all or nothing by
 * {@link Releaser#releaseHandle}, which asks {@code isLive} again just before it writes and
 * compares every record it read. Thread-safe.
 */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final Records records;
  private final Releaser releaser;

  GarbageCollector(Records records, Releaser releaser) {
    this.records = records;
    this.releaser = releaser;
  }

  GcReport collect(Predicate<String> isLive) {
    Objects.requireNonNull(isLive, "isLive");
    TreeMap<String, Set<IpPrefix>> seen = new TreeMap<>();
    for (Versioned<Block> block : records.allBlocks()) {
      Block b = block.value();
      for (int ordinal = 0; ordinal < b.size(); ordinal++) {
        Slot slot = b.slot(ordinal);
        if (slot != null) {
          seen.computeIfAbsent(slot.handle(), h -> new TreeSet<>()).add(b.cidr());
        }
      }
    }
    for (Versioned<HandleRecord> record : records.allHandles()) {
      seen.computeIfAbsent(record.value().handle(), h -> new TreeSet<>())
          .addAll(record.value().blocks().keySet());
    }
    TreeMap<String, List<IpAddress>> released = new TreeMap<>();
    for (Map.Entry<String, Set<IpPrefix>> e : seen.entrySet()) {
      String handle = e.getKey();
      if (isLive.test(handle)) {
        continue;
      }
      List<IpAddress> addresses = releaser.releaseHandle(handle, e.getValue(), isLive);
      if (!addresses.isEmpty()) {
        LOG.info(
            "released {} address(es) of handle {}, which is not live", addresses.size(), handle);
        released.put(handle, addresses);
      }
    }
    return new GcReport(released);
  }
}
