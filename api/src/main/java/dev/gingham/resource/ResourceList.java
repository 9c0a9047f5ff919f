package dev.gingham.resource;

import java.util.List;

/**
 * The resources of a kind, with the store revision to watch from.
 *
 * @param items the resources, by namespace and then name
 * @param revision the revision the listing started at: a watch from {@code revision + 1} sees every
 *     change the listing may have missed
 */
public record ResourceList<T>(List<Resource<T>> items, long revision) {
  public ResourceList {
    items = List.copyOf(items);
  }
}
