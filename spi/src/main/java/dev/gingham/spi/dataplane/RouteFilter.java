package dev.gingham.spi.dataplane;

import dev.gingham.net.IpFamily;
import dev.gingham.route.Route;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Which routes a listing returns. Immutable; start from {@link #ALL} or {@link #owned(int)}.
 *
 * @param family only this family, or null for both
 * @param table only this table, or empty for every table
 * @param protocol only this route protocol, or empty for every protocol
 */
public record RouteFilter(@Nullable IpFamily family, OptionalInt table, OptionalInt protocol) {
  /** Every route in every table. */
  public static final RouteFilter ALL =
      new RouteFilter(null, OptionalInt.empty(), OptionalInt.empty());

  /** The routes of one protocol, in every table: what an owner of that protocol may touch. */
  public static RouteFilter owned(int protocol) {
    return new RouteFilter(null, OptionalInt.empty(), OptionalInt.of(protocol));
  }

  /** This filter, narrowed to a table. */
  public RouteFilter inTable(int table) {
    return new RouteFilter(family, OptionalInt.of(table), protocol);
  }

  /** This filter, narrowed to a family. */
  public RouteFilter ofFamily(IpFamily family) {
    return new RouteFilter(family, table, protocol);
  }

  /** Whether a route passes. */
  public boolean test(Route route) {
    return (family == null || route.destination().family() == family)
        && (table.isEmpty() || route.table() == table.getAsInt())
        && (protocol.isEmpty() || route.protocol() == protocol.getAsInt());
  }
}
