package dev.gingham.ipam;

import dev.gingham.net.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link Ipam#garbageCollect} released.
 *
 * @param released the addresses released, by the handle they belonged to, in handle order
 */
public record GcReport(Map<String, List<IpAddress>> released) {
  public GcReport {
    TreeMap<String, List<IpAddress>> copy = new TreeMap<>();
    released.forEach((handle, addresses) -> copy.put(handle, List.copyOf(addresses)));
    released = java.util.Collections.unmodifiableSortedMap(copy);
  }

  /** How many addresses were released. */
  public int addressCount() {
    int total = 0;
    for (List<IpAddress> addresses : released.values()) {
      total += addresses.size();
    }
    return total;
  }
}
