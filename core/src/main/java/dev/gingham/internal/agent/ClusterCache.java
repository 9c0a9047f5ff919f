package dev.gingham.internal.agent;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the syncer's typed cache: every resource by id, and the datastore
 * revision it reflects. Thread-safe.
 */
public final class ClusterCache {
  /** The empty cache, before the first list. */
  public static final ClusterCache EMPTY = new ClusterCache(Map.of(), 0);

  private final Map<ResourceId, Resource<?>> resources;
  private final long revision;

  // The resources again, by kind: a pass lists nodes and endpoints many times, and in a large
  // cluster a scan of every resource for each list dominated the pass.
  private final Map<ResourceKind<?>, List<Resource<?>>> byKind;

  ClusterCache(Map<ResourceId, Resource<?>> resources, long revision) {
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    this.revision = revision;
    Map<ResourceKind<?>, List<Resource<?>>> index = new HashMap<>();
    for (Resource<?> r : this.resources.values()) {
      index.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }
    this.byKind = index;
  }

  /** The revision of the datastore the cache reflects. */
  public long revision() {
    return revision;
  }

  /** Every resource. */
  public Collection<Resource<?>> all() {
    return resources.values();
  }

  /** The resources of a kind. */
  public <T> List<Resource<T>> list(ResourceKind<T> kind) {
    List<Resource<?>> of = byKind.getOrDefault(kind, List.of());
    List<Resource<T>> out = new ArrayList<>(of.size());
    for (Resource<?> r : of) {
      out.add(r.as(kind));
    }
    return out;
  }

  /** A cluster-scoped resource by name. */
  public <T> Optional<Resource<T>> get(ResourceKind<T> kind, String name) {
    Resource<?> r = resources.get(ResourceId.of(kind, name));
    return r == null ? Optional.empty() : Optional.of(r.as(kind));
  }

  /** How many resources it holds. */
  public int size() {
    return resources.size();
  }
}
