package dev.gingham.internal.agent;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of the syncer's typed cache: every resource by id, and the datastore
 * revision it reflects. Thread-safe.
 *
 * <p>A new snapshot is made from the last one and a batch of changes by {@link #apply}, which
 * copies only what the changes touch: each kind is a table of {@value #SHARDS} shards, and the
 * tables and shards no change touched are shared with the previous snapshot. So an event costs a
 * shard's size, not the cluster's, and whether a kind changed between two snapshots is an identity
 * check ({@link #sameKinds}). Views a pass asks for ({@link #list}, {@link #endpointsOf}) are
 * computed once per table and shared by every snapshot, and every agent, that holds the table.
 */
public final class ClusterCache {
  /** The empty cache, before the first list. */
  public static final ClusterCache EMPTY = new ClusterCache(Map.of(), 0, new Derived());

  static final int SHARDS = 32;

  // By the metadata, the id's parts: id() makes and checks a new id, twice per comparison, and a
  // table of 10,000 endpoints is sorted again after each change.
  private static final Comparator<Resource<?>> ORDER =
      Comparator.comparing(
              (Resource<?> r) -> r.metadata().namespace(),
              Comparator.nullsFirst(Comparator.<String>naturalOrder()))
          .thenComparing(r -> r.metadata().name());

  private final Map<ResourceKind<?>, Table> tables;
  private final long revision;
  private final Derived derived;

  private ClusterCache(Map<ResourceKind<?>, Table> tables, long revision, Derived derived) {
    this.tables = tables;
    this.revision = revision;
    this.derived = derived;
  }

  /** A snapshot of these resources. */
  static ClusterCache of(Collection<? extends Resource<?>> resources, long revision) {
    Map<ResourceKind<?>, List<Resource<?>>> byKind = new HashMap<>();
    for (Resource<?> r : resources) {
      byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }
    Map<ResourceKind<?>, Table> tables = new HashMap<>();
    byKind.forEach((k, rs) -> tables.put(k, Table.EMPTY.with(rs, List.of())));
    return new ClusterCache(Collections.unmodifiableMap(tables), revision, new Derived());
  }

  /**
   * This snapshot with some resources put (replacing those with their ids) and some removed, at a
   * new revision; the tables no change touches are shared.
   */
  ClusterCache apply(
      Collection<? extends Resource<?>> puts, Collection<ResourceId> deletes, long newRevision) {
    Map<ResourceKind<?>, List<Resource<?>>> putByKind = new HashMap<>();
    Map<ResourceKind<?>, List<ResourceId>> deleteByKind = new HashMap<>();
    for (Resource<?> r : puts) {
      putByKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }
    for (ResourceId id : deletes) {
      deleteByKind.computeIfAbsent(id.kind(), k -> new ArrayList<>()).add(id);
    }
    Map<ResourceKind<?>, Table> next = new HashMap<>(tables);
    for (ResourceKind<?> k : union(putByKind.keySet(), deleteByKind.keySet())) {
      Table t = tables.getOrDefault(k, Table.EMPTY);
      Table changed =
          t.with(putByKind.getOrDefault(k, List.of()), deleteByKind.getOrDefault(k, List.of()));
      if (changed == t) {
        continue;
      }
      if (changed.size == 0) {
        next.remove(k);
      } else {
        next.put(k, changed);
      }
    }
    return new ClusterCache(Collections.unmodifiableMap(next), newRevision, derived);
  }

  private static List<ResourceKind<?>> union(
      Collection<ResourceKind<?>> a, Collection<ResourceKind<?>> b) {
    List<ResourceKind<?>> out = new ArrayList<>(a);
    for (ResourceKind<?> k : b) {
      if (!a.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** The revision of the datastore the cache reflects. */
  public long revision() {
    return revision;
  }

  /** Every resource, kind by kind in {@link ResourceKind#all()}'s order, then by name. */
  public List<Resource<?>> all() {
    List<Resource<?>> out = new ArrayList<>(size());
    for (ResourceKind<?> k : ResourceKind.all()) {
      Table t = tables.get(k);
      if (t != null) {
        out.addAll(t.sorted());
      }
    }
    return out;
  }

  /** The resources of a kind, by namespace and name. */
  @SuppressWarnings("unchecked")
  public <T> List<Resource<T>> list(ResourceKind<T> kind) {
    Table t = tables.get(kind);
    // Each resource of the table is of the kind: the table is keyed by it.
    return t == null ? List.of() : (List<Resource<T>>) (List<?>) t.sorted();
  }

  /** The workload endpoints whose {@code spec.node} is this node, by namespace and name. */
  public List<Resource<WorkloadEndpointSpec>> endpointsOf(String node) {
    Table t = tables.get(ResourceKind.WORKLOAD_ENDPOINT);
    return t == null ? List.of() : t.endpointsByNode().getOrDefault(node, List.of());
  }

  /** A cluster-scoped resource by name. */
  public <T> Optional<Resource<T>> get(ResourceKind<T> kind, String name) {
    Table t = tables.get(kind);
    Resource<?> r = t == null ? null : t.get(ResourceId.of(kind, name));
    return r == null ? Optional.empty() : Optional.of(r.as(kind));
  }

  /** How many resources it holds. */
  public int size() {
    int n = 0;
    for (Table t : tables.values()) {
      n += t.size;
    }
    return n;
  }

  /**
   * Whether none of these kinds changed between this snapshot and another of the same syncer: their
   * tables are the very same objects.
   */
  public boolean sameKinds(@Nullable ClusterCache other, Collection<ResourceKind<?>> kinds) {
    if (other == null) {
      return false;
    }
    for (ResourceKind<?> k : kinds) {
      if (tables.get(k) != other.tables.get(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A value computed from the resources of some kinds only, by a pure function: computed once and
   * shared, by every snapshot of this syncer (and every agent that reads them), for as long as
   * those kinds do not change. A function that throws stores nothing.
   *
   * @param key names the function; one key, one function and one list of kinds
   */
  public <V> V derive(String key, List<ResourceKind<?>> kinds, Function<ClusterCache, V> function) {
    return deriveNext(key, kinds, (c, previous) -> function.apply(c));
  }

  /**
   * As {@link #derive}, but the function also gets the value last computed under the key (from
   * other tables of the lineage, usually the snapshot before), or null for the first: so that a
   * value can carry what changed since it.
   */
  @SuppressWarnings("unchecked")
  public <V> V deriveNext(
      String key, List<ResourceKind<?>> kinds, BiFunction<ClusterCache, @Nullable V, V> function) {
    List<@Nullable Table> from = new ArrayList<>(kinds.size());
    for (ResourceKind<?> k : kinds) {
      from.add(tables.get(k));
    }
    Derived.Entry e =
        derived.values.compute(
            key,
            (k, old) ->
                old != null && sameTables(old.from(), from)
                    ? old
                    : new Derived.Entry(
                        from, function.apply(this, old == null ? null : (V) old.value())));
    return (V) e.value();
  }

  private static boolean sameTables(List<@Nullable Table> a, List<@Nullable Table> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The derived values of a lineage of snapshots, each with the tables it was computed from. */
  private static final class Derived {
    record Entry(List<@Nullable Table> from, Object value) {}

    final ConcurrentHashMap<String, Entry> values = new ConcurrentHashMap<>();
  }

  /** One kind's resources: immutable shards by id hash, and views computed once. */
  private static final class Table {
    static final Table EMPTY = new Table(emptyShards(), 0);

    private final Map<ResourceId, Resource<?>>[] shards;
    private final int size;
    private volatile @Nullable List<Resource<?>> sorted;
    private volatile @Nullable Map<String, List<Resource<WorkloadEndpointSpec>>> byNode;

    private Table(Map<ResourceId, Resource<?>>[] shards, int size) {
      this.shards = shards;
      this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static Map<ResourceId, Resource<?>>[] emptyShards() {
      Map<ResourceId, Resource<?>>[] s = new Map[SHARDS];
      for (int i = 0; i < SHARDS; i++) {
        s[i] = Map.of();
      }
      return s;
    }

    private static int shard(ResourceId id) {
      return Math.floorMod(id.hashCode(), SHARDS);
    }

    @Nullable Resource<?> get(ResourceId id) {
      return shards[shard(id)].get(id);
    }

    /** A copy with the puts and deletes, sharing the shards they do not touch. */
    Table with(Collection<? extends Resource<?>> puts, Collection<ResourceId> deletes) {
      Map<ResourceId, Resource<?>>[] next = shards.clone();
      boolean[] copied = new boolean[SHARDS];
      int n = size;
      for (Resource<?> r : puts) {
        int i = shard(r.id());
        if (!copied[i]) {
          next[i] = new HashMap<>(next[i]);
          copied[i] = true;
        }
        if (next[i].put(r.id(), r) == null) {
          n++;
        }
      }
      for (ResourceId id : deletes) {
        int i = shard(id);
        if (!next[i].containsKey(id)) {
          continue;
        }
        if (!copied[i]) {
          next[i] = new HashMap<>(next[i]);
          copied[i] = true;
        }
        next[i].remove(id);
        n--;
      }
      boolean any = false;
      for (int i = 0; i < SHARDS; i++) {
        if (copied[i]) {
          next[i] = Collections.unmodifiableMap(next[i]);
          any = true;
        }
      }
      return any ? new Table(next, n) : this; // deletes of what is not there change nothing
    }

    List<Resource<?>> sorted() {
      List<Resource<?>> s = sorted;
      if (s == null) {
        List<Resource<?>> out = new ArrayList<>(size);
        for (Map<ResourceId, Resource<?>> m : shards) {
          out.addAll(m.values());
        }
        out.sort(ORDER);
        s = Collections.unmodifiableList(out);
        sorted = s; // racing threads compute the same list; either may win
      }
      return s;
    }

    Map<String, List<Resource<WorkloadEndpointSpec>>> endpointsByNode() {
      Map<String, List<Resource<WorkloadEndpointSpec>>> m = byNode;
      if (m == null) {
        Map<String, List<Resource<WorkloadEndpointSpec>>> out = new HashMap<>();
        for (Resource<?> r : sorted()) {
          Resource<WorkloadEndpointSpec> w = r.as(ResourceKind.WORKLOAD_ENDPOINT);
          String node = w.spec().node();
          if (node != null) {
            out.computeIfAbsent(node, k -> new ArrayList<>()).add(w);
          }
        }
        out.replaceAll((node, ws) -> Collections.unmodifiableList(ws));
        m = Collections.unmodifiableMap(out);
        byNode = m;
      }
      return m;
    }
  }
}
