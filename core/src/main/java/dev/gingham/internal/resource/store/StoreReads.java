package dev.gingham.internal.resource.store;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceList;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Typed reads of resources. Thread-safe: stateless. */
final class StoreReads {
  private StoreReads() {}

  /** The resource, or empty. */
  static <T> Optional<Resource<T>> get(
      Datastore store, ResourceKind<T> kind, @Nullable String namespace, String name) {
    ResourceId id = new ResourceId(kind, namespace, name);
    Optional<KeyValue> kv = store.get(ResourceKeys.key(id));
    return kv.map(v -> Records.decode(id, v).as(kind));
  }

  /**
   * The resources of a kind, by namespace and name.
   *
   * @throws dev.gingham.resource.ResourceDataException if a record does not decode
   */
  static <T> ResourceList<T> list(
      Datastore store, ResourceKind<T> kind, @Nullable String namespace) {
    String prefix = ResourceKeys.prefix(kind, kind.namespaced() ? namespace : null);
    Snapshot snapshot;
    if (kind == ResourceKind.IPAM_CONFIGURATION) {
      // The revision first: a watch from it replays whatever the get may already have seen.
      long revision = store.currentRevision();
      snapshot = new Snapshot(store.get(prefix).stream().toList(), revision);
    } else {
      snapshot = store.listAll(prefix);
    }
    List<Resource<T>> out = new ArrayList<>(snapshot.items().size());
    for (KeyValue kv : snapshot.items()) {
      Optional<ResourceId> id = ResourceKeys.parse(kv.key());
      // A key under the prefix that names no resource of the kind is not one: it is skipped.
      if (id.isPresent() && id.get().kind() == kind) {
        out.add(Records.decode(id.get(), kv).as(kind));
      }
    }
    return new ResourceList<>(out, snapshot.revision());
  }
}
