package dev.gingham.resource;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed resources in a datastore: create, replace, apply, delete, get, list and watch, with
 * optimistic concurrency. A resource's version ({@link ObjectMeta#resourceVersion()}) is the
 * datastore revision that last wrote it; a write that names a version succeeds only while the
 * resource is still at it.
 *
 * <p><b>Writes are all or nothing</b> where the datastore allows. {@link #write(List)} checks every
 * change first (each resource against the kind's rules and against what it refers to: a policy's
 * tier, an endpoint's profiles, IPAM's rules for pools), then writes all of them in one datastore
 * transaction, comparing the revision of every record it decided from; when another writer got
 * there first it decides again. Changes too large for one transaction ({@code
 * Datastore.MAX_TXN_OPS} operations, {@code MAX_TXN_BYTES} bytes) are written in several, in the
 * order of {@link ResourceKind#all()} (deletes in reverse), and {@link WriteResult#transactions()}
 * says how many; when one of those fails, {@link PartialWriteException} says what was written.
 * Deleting an IPPool goes through IPAM, which empties the pool's blocks in steps of its own.
 *
 * <p><b>Kinds kept by IPAM</b> ({@link ResourceKind#keptByIpam()}) live in IPAM's records, so that
 * IPAM and this store never hold two copies of a pool; their metadata is the name alone.
 *
 * <p><b>Watching</b> for a syncer: list each kind (each {@link ResourceList} carries the revision
 * it was read at), then {@link #watch} the kinds from the smallest of those revisions plus one.
 * Events come in revision order; a compaction or a listener that falls behind ends the watch with
 * {@link ResourceEvent.ResyncRequired}, after which the syncer lists again.
 *
 * <p>Errors: bad resources throw {@link InvalidResourceException}; what the state refuses throws a
 * {@link ResourceException} subclass; an unreachable datastore throws the datastore's own
 * exception. Implementations are thread-safe. Get one from {@code dev.gingham.core.Resources}.
 */
public interface ResourceStore {

  /**
   * Writes changes, all or nothing when they fit one transaction (see the class description).
   *
   * @return what each change did, in order
   * @throws InvalidResourceException if a change breaks a rule; nothing is written
   * @throws ResourceExistsException if a create or restore finds its resource; nothing is written
   * @throws NoSuchResourceException if a replace or delete does not; nothing is written
   * @throws ResourceConflictException if a resource is not at the version a change names, or the
   *     changes name one resource twice; nothing is written
   * @throws ResourceInUseException if a delete would leave references dangling
   * @throws PartialWriteException if a write split into several transactions failed partway
   */
  WriteResult write(List<ResourceChange> changes);

  /**
   * Creates a resource.
   *
   * @return the resource as stored, with its resource version, uid and creation time
   * @throws ResourceExistsException if it exists
   */
  default <T> Resource<T> create(Resource<T> resource) {
    return stored(write(List.of(ResourceChange.create(resource))), resource.kind());
  }

  /**
   * Replaces a resource; see {@link ResourceChange#replace(Resource)}.
   *
   * @return the resource as stored
   * @throws NoSuchResourceException if it does not exist
   * @throws ResourceConflictException if it is not at the version the metadata names
   */
  default <T> Resource<T> replace(Resource<T> resource) {
    return stored(write(List.of(ResourceChange.replace(resource))), resource.kind());
  }

  /**
   * Creates or replaces a resource; see {@link ResourceChange#apply(Resource)}.
   *
   * @return the resource as stored
   */
  default <T> Resource<T> apply(Resource<T> resource) {
    return stored(write(List.of(ResourceChange.apply(resource))), resource.kind());
  }

  /**
   * Deletes a resource.
   *
   * @throws NoSuchResourceException if it does not exist
   * @throws ResourceInUseException if something refers to it
   */
  default void delete(ResourceId id) {
    write(List.of(ResourceChange.delete(id)));
  }

  /** The resource, or empty when it does not exist. */
  <T> Optional<Resource<T>> get(ResourceKind<T> kind, @Nullable String namespace, String name);

  /**
   * The resources of a kind.
   *
   * @param namespace the namespace to list, or null for every namespace (and for kinds without)
   * @throws ResourceDataException if a record does not decode
   */
  <T> ResourceList<T> list(ResourceKind<T> kind, @Nullable String namespace);

  /**
   * Watches resources of some kinds; see the class description.
   *
   * @param kinds the kinds to watch
   * @param fromRevision the first revision to deliver; 0 for the next write from now
   * @param listener receives the events, one at a time, on a thread owned by the store
   */
  ResourceWatch watch(
      Collection<? extends ResourceKind<?>> kinds, long fromRevision, ResourceListener listener);

  /** The datastore's current revision. */
  long currentRevision();

  private static <T> Resource<T> stored(WriteResult result, ResourceKind<T> kind) {
    Resource<?> r = Objects.requireNonNull(result.outcomes().get(0).resource(), "stored resource");
    return r.as(kind);
  }
}
