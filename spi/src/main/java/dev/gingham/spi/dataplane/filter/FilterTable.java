package dev.gingham.spi.dataplane.filter;

import java.util.List;
import java.util.Map;

/**
 * A table as the dataplane holds it, read back to find and repair drift.
 *
 * @param family the family
 * @param name the name
 * @param chains the chains
 * @param rules each chain's rules in order, with their handles
 * @param sets the named sets
 * @param maps the named maps
 * @param elements each set's or map's elements
 */
public record FilterTable(
    FilterFamily family,
    String name,
    List<FilterObject.Chain> chains,
    Map<String, List<FilterObject.Rule>> rules,
    List<FilterObject.NamedSet> sets,
    List<FilterObject.NamedMap> maps,
    Map<String, List<FilterObject.Element>> elements) {
  public FilterTable {
    chains = List.copyOf(chains);
    rules = Map.copyOf(rules);
    sets = List.copyOf(sets);
    maps = List.copyOf(maps);
    elements = Map.copyOf(elements);
  }
}
