package dev.gingham.spi.datastore;

import java.util.List;

/**
 * Every key under a prefix, with the revision to resume watching from. See {@link
 * Datastore#listAll(String)} for what the revision guarantees.
 *
 * @param items the keys, in key order
 * @param revision the revision of the first page read; watch from {@code revision + 1}
 */
public record Snapshot(List<KeyValue> items, long revision) {
  public Snapshot {
    items = List.copyOf(items);
  }
}
