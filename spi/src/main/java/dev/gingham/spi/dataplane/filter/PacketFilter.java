package dev.gingham.spi.dataplane.filter;

import dev.gingham.spi.dataplane.NetworkNamespace;
import java.util.Optional;

/** The packet filter of a namespace. An owner keeps to its own table and never touches another. */
public interface PacketFilter {

  /**
   * Applies a transaction atomically: when this throws, the table is as it was.
   *
   * @throws dev.gingham.spi.dataplane.DataplaneException naming the first operation the kernel
   *     refused and why
   */
  void apply(NetworkNamespace ns, FilterTransaction transaction);

  /** The table as the dataplane holds it, or empty when there is no such table. */
  Optional<FilterTable> read(NetworkNamespace ns, FilterFamily family, String table);

  /**
   * Removes a whole table.
   *
   * @return whether it existed
   */
  boolean deleteTable(NetworkNamespace ns, FilterFamily family, String table);
}
