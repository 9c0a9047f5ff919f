package dev.gingham.core;

import dev.gingham.internal.route.PoptriePrefixMap;
import dev.gingham.route.PrefixMap;

/** Makes {@link PrefixMap}s. */
public final class PrefixMaps {
  private PrefixMaps() {}

  /**
   * An empty, mutable, thread-safe map for both families, built for lookups: a Poptrie for IPv4
   * (direct pointing on 18 bits, then 6-bit strides) and a 6-bit stride trie for IPv6, both with
   * popcount-indexed children in primitive arrays. Lookups are lock-free and allocation-free;
   * writers are serialised and rebuild only the part of the structure a change touches.
   */
  public static <V> PrefixMap<V> create() {
    return new PoptriePrefixMap<>();
  }
}
