package dev.gingham.internal.dataplane;

import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.util.Optional;

/**
 * The packet filter of the simulation: nftables tables per namespace; see {@link SimFilterTable}.
 */
final class SimPacketFilter implements PacketFilter {
  private final SimulatedDataplane dp;

  SimPacketFilter(SimulatedDataplane dp) {
    this.dp = dp;
  }

  @Override
  public void apply(NetworkNamespace ns, FilterTransaction transaction) {
    dp.in(
        ns,
        n -> {
          SimNamespace.FilterKey key =
              new SimNamespace.FilterKey(transaction.family(), transaction.table());
          SimFilterTable current =
              n.filters.getOrDefault(
                  key, new SimFilterTable(transaction.family(), transaction.table()));
          n.filters.put(key, current.apply(transaction));
          return null;
        });
  }

  @Override
  public Optional<FilterTable> read(NetworkNamespace ns, FilterFamily family, String table) {
    return dp.in(
        ns,
        n ->
            Optional.ofNullable(n.filters.get(new SimNamespace.FilterKey(family, table)))
                .map(SimFilterTable::snapshot));
  }

  @Override
  public boolean deleteTable(NetworkNamespace ns, FilterFamily family, String table) {
    return dp.in(ns, n -> n.filters.remove(new SimNamespace.FilterKey(family, table)) != null);
  }
}
