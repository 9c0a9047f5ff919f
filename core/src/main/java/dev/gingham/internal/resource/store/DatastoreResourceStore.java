package dev.gingham.internal.resource.store;

import dev.gingham.internal.ipam.IpamService;
import dev.gingham.ipam.NoSuchPoolException;
import dev.gingham.ipam.PoolInUseException;
import dev.gingham.resource.NoSuchResourceException;
import dev.gingham.resource.PartialWriteException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceConflictException;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceInUseException;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceList;
import dev.gingham.resource.ResourceListener;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.ResourceWatch;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link ResourceStore} over a {@link Datastore}; see the interface for the contract. A write is
 * decided by a {@link Plan} from a fresh read and written in one transaction that compares every
 * record it was decided from; when another writer got there first, it is decided again, at most
 * {@value #ATTEMPTS} times. Holds no state: any number of instances, in any number of processes,
 * may share a store. Thread-safe.
 */
public final class DatastoreResourceStore implements ResourceStore {
  /** How often a write is decided again after losing a race, before it gives up. */
  static final int ATTEMPTS = 20;

  /** The most changes one transaction of a split write carries. */
  static final int CHUNK = 30;

  private final Datastore store;
  private final IpamService ipam;
  private final Clock clock;

  /**
   * @param store where the resources live
   * @param clock the time written as a new resource's creation time
   */
  public DatastoreResourceStore(Datastore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ipam = new IpamService(store, clock);
  }

  @Override
  public WriteResult write(List<ResourceChange> changes) {
    List<ResourceChange> all = List.copyOf(changes);
    if (all.isEmpty()) {
      return new WriteResult(List.of(), 0);
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Plan plan = Plan.make(store, ipam, clock, all);
      if (!plan.fits()) {
        return writeSplit(all);
      }
      long revision = plan.commit();
      if (revision >= 0) {
        deletePools(plan.poolDeletes(), List.of(), all.size());
        return new WriteResult(
            plan.outcomes(revision), plan.writes() || !plan.poolDeletes().isEmpty() ? 1 : 0);
      }
    }
    throw new ResourceConflictException(
        all.get(0).id(),
        "other writers kept changing what this write depends on; " + ATTEMPTS + " attempts failed");
  }

  /**
   * Writes changes too large for one transaction: checked all together first, then written in
   * dependency order (writes in the order of {@link ResourceKind#all()}, then deletes in reverse),
   * {@value #CHUNK} changes a transaction.
   */
  private WriteResult writeSplit(List<ResourceChange> all) {
    Plan.make(store, ipam, clock, all); // every rule, checked before anything is written
    List<ResourceChange> ordered = new ArrayList<>(all);
    ordered.sort(Comparator.comparingInt(DatastoreResourceStore::rank));
    Map<ResourceId, WriteResult.Outcome> done = new HashMap<>();
    List<WriteResult.Outcome> written = new ArrayList<>();
    int transactions = 0;
    int size = CHUNK;
    for (int from = 0; from < ordered.size(); ) {
      int to = Math.min(from + size, ordered.size());
      List<ResourceChange> chunk = ordered.subList(from, to);
      try {
        Plan plan = null;
        long revision = -1;
        boolean fits = true;
        for (int attempt = 1; attempt <= ATTEMPTS && revision < 0; attempt++) {
          plan = Plan.make(store, ipam, clock, chunk);
          fits = plan.fits();
          if (!fits) {
            break;
          }
          revision = plan.commit();
        }
        if (!fits && chunk.size() > 1) {
          size = Math.max(1, chunk.size() / 2); // large resources: fewer to a transaction
          continue;
        }
        if (plan == null || revision < 0) {
          throw new ResourceConflictException(
              chunk.get(0).id(),
              fits
                  ? "other writers kept changing what this write depends on"
                  : "it is too large for one datastore transaction");
        }
        if (plan.writes()) {
          transactions++;
        }
        for (WriteResult.Outcome o : plan.outcomes(revision)) {
          done.put(o.id(), o);
          written.add(o);
        }
        deletePools(plan.poolDeletes(), written, all.size());
        transactions += plan.poolDeletes().size();
      } catch (RuntimeException e) {
        if (written.isEmpty() || e instanceof PartialWriteException) {
          throw e;
        }
        throw new PartialWriteException(written, all.size(), e);
      }
      from = to;
      size = CHUNK;
    }
    List<WriteResult.Outcome> outcomes = new ArrayList<>(all.size());
    for (ResourceChange c : all) {
      outcomes.add(done.get(c.id()));
    }
    return new WriteResult(outcomes, transactions);
  }

  private static int rank(ResourceChange c) {
    int kind = ResourceKind.all().indexOf(c.id().kind());
    return c.operation() == ResourceChange.Operation.DELETE
        ? 2 * ResourceKind.all().size() - kind
        : kind;
  }

  private void deletePools(List<String> names, List<WriteResult.Outcome> written, int total) {
    for (String name : names) {
      ResourceId id = ResourceId.of(ResourceKind.IP_POOL, name);
      try {
        ipam.deletePool(name);
      } catch (NoSuchPoolException e) {
        throw partial(written, total, new NoSuchResourceException(id));
      } catch (PoolInUseException e) {
        throw partial(written, total, new ResourceInUseException(id, e.getMessage()));
      }
    }
  }

  private static RuntimeException partial(
      List<WriteResult.Outcome> written, int total, RuntimeException e) {
    return written.isEmpty() ? e : new PartialWriteException(written, total, e);
  }

  @Override
  public <T> Optional<Resource<T>> get(
      ResourceKind<T> kind, @Nullable String namespace, String name) {
    return StoreReads.get(store, kind, namespace, name);
  }

  @Override
  public <T> ResourceList<T> list(ResourceKind<T> kind, @Nullable String namespace) {
    return StoreReads.list(store, kind, namespace);
  }

  @Override
  public ResourceWatch watch(
      Collection<? extends ResourceKind<?>> kinds, long fromRevision, ResourceListener listener) {
    return ResourceWatcher.start(store, kinds, fromRevision, listener);
  }

  @Override
  public long currentRevision() {
    return store.currentRevision();
  }

  @Override
  public String toString() {
    return "ResourceStore{" + store.uri() + '}';
  }
}
