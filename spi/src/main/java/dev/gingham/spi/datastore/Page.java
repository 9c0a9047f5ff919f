package dev.gingham.spi.datastore;

import java.util.List;

/**
 * One page of a listing, in key order.
 *
 * @param items the keys of this page, a consistent snapshot at {@code revision}
 * @param revision the store revision the page was read at
 * @param more whether keys follow the last item of this page
 */
public record Page(List<KeyValue> items, long revision, boolean more) {
  public Page {
    items = List.copyOf(items);
    if (more && items.isEmpty()) {
      throw new IllegalArgumentException("a page with more to follow must hold at least one key");
    }
  }
}
