package dev.gingham.internal.resource.store;

import dev.gingham.internal.ipam.SettingsBatch;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.policy.Policy;
import dev.gingham.policy.Tier;
import dev.gingham.resource.HostEndpointSpec;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.NoSuchResourceException;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceChange.Operation;
import dev.gingham.resource.ResourceConflictException;
import dev.gingham.resource.ResourceExistsException;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceInUseException;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.WorkloadEndpointSpec;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a write does, decided from one read of everything it depends on: the compares and operations
 * of its transaction (records outside IPAM, IPAM's settings through a {@link SettingsBatch}), the
 * pools to delete through IPAM afterwards, and what each change will have done. Making a plan
 * checks every rule and throws before anything is written. Not thread-safe; one plan serves one
 * attempt.
 */
final class Plan {
  /**
   * How many records one read-ahead transaction asks for: 32 of the largest a store holds still fit
   * in one etcd answer.
   */
  static final int READS_PER_TXN = 32;

  /** What one change will do. */
  private record Step(ResourceId id, WriteResult.Action action, @Nullable Resource<?> next) {}

  private final Datastore store;
  private final Ipam ipam;
  private final Clock clock;
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Long> compares = new LinkedHashMap<>();
  private final List<Op> ops = new ArrayList<>();
  private final List<String> poolDeletes = new ArrayList<>();
  private final Map<ResourceId, Operation> batch = new HashMap<>();

  /** The records of the write's resources, read ahead; a key that was absent maps to empty. */
  private final Map<String, Optional<KeyValue>> readAhead = new HashMap<>();

  private @Nullable SettingsBatch settings;
  private long bytes;

  private Plan(Datastore store, Ipam ipam, Clock clock) {
    this.store = store;
    this.ipam = ipam;
    this.clock = clock;
  }

  /**
   * Decides a write.
   *
   * @throws InvalidResourceException, ResourceExistsException, NoSuchResourceException,
   *     ResourceConflictException, ResourceInUseException: see {@link
   *     dev.gingham.resource.ResourceStore#write}
   */
  static Plan make(Datastore store, Ipam ipam, Clock clock, List<ResourceChange> changes) {
    Plan p = new Plan(store, ipam, clock);
    for (ResourceChange c : changes) {
      if (p.batch.put(c.id(), c.operation()) != null) {
        throw new ResourceConflictException(c.id(), "the write changes it twice");
      }
    }
    p.readAhead(changes);
    for (ResourceChange c : changes) {
      p.add(c);
    }
    return p;
  }

  /**
   * Reads the records of a write's resources in transactions of gets, rather than one round trip
   * each: a file of thousands of resources costs tens of round trips to etcd, not thousands. The
   * compares of the write still guard every record read, so reading ahead changes no outcome.
   */
  private void readAhead(List<ResourceChange> changes) {
    if (changes.size() < 2) {
      return;
    }
    List<Op> gets = new ArrayList<>();
    for (ResourceChange c : changes) {
      if (!c.id().kind().keptByIpam()) {
        gets.add(Op.get(ResourceKeys.key(c.id())));
      }
    }
    for (int from = 0; from < gets.size(); from += READS_PER_TXN) {
      List<Op> part = gets.subList(from, Math.min(from + READS_PER_TXN, gets.size()));
      List<TxnResult.OpResult> found = store.txn(Txn.builder().onSuccess(part).build()).results();
      for (int i = 0; i < part.size(); i++) {
        readAhead.put(
            part.get(i).key(), Optional.ofNullable(((TxnResult.Found) found.get(i)).keyValue()));
      }
    }
  }

  private void add(ResourceChange c) {
    ResourceId id = c.id();
    Resource<?> current = current(id);
    Operation op = c.operation();
    if ((op == Operation.CREATE || op == Operation.RESTORE) && current != null) {
      throw new ResourceExistsException(id);
    }
    if ((op == Operation.REPLACE || op == Operation.DELETE) && current == null) {
      throw new NoSuchResourceException(id);
    }
    long expected = c.expectedRevision();
    if (expected != 0) {
      if (current == null) {
        throw new ResourceConflictException(
            id, "it does not exist, but the write names resource version " + expected);
      }
      if (current.metadata().resourceVersion() != expected) {
        throw new ResourceConflictException(
            id,
            "it is at resource version "
                + current.metadata().resourceVersion()
                + ", not the "
                + expected
                + " the write names; read it again");
      }
    }
    if (op == Operation.DELETE) {
      delete(id, current);
      steps.add(new Step(id, WriteResult.Action.DELETED, null));
      return;
    }
    Resource<?> next = stored(c, current);
    requireReferences(next);
    if (current != null && current.sameContent(next)) {
      steps.add(new Step(id, WriteResult.Action.UNCHANGED, current));
      return;
    }
    put(next, current);
    steps.add(
        new Step(
            id,
            current == null ? WriteResult.Action.CREATED : WriteResult.Action.CONFIGURED,
            next));
  }

  /** The resource as it will be stored: its uid and creation time kept, or given when new. */
  private Resource<?> stored(ResourceChange c, @Nullable Resource<?> current) {
    Resource<?> r = java.util.Objects.requireNonNull(c.resource(), "resource of a write");
    if (r.kind().keptByIpam()) {
      return r.withMetadata(ObjectMeta.of(r.metadata().name()));
    }
    ObjectMeta m = r.metadata();
    ObjectMeta.Builder b = m.toBuilder().resourceVersion(0);
    if (current != null) {
      b.uid(current.metadata().uid()).creationTimestamp(current.metadata().creationTimestamp());
    } else if (c.operation() == Operation.RESTORE) {
      b.uid(m.uid() != null ? m.uid() : UUID.randomUUID().toString())
          .creationTimestamp(
              m.creationTimestamp() != null ? m.creationTimestamp() : clock.instant());
    } else {
      b.uid(UUID.randomUUID().toString()).creationTimestamp(clock.instant());
    }
    return r.withMetadata(b.build());
  }

  private @Nullable Resource<?> current(ResourceId id) {
    ResourceKind<?> k = id.kind();
    if (k.keptByIpam()) {
      SettingsBatch s = settings();
      if (k == ResourceKind.IP_POOL) {
        return s.pool(id.name())
            .map(
                p ->
                    (Resource<?>)
                        Resource.of(
                            ResourceKind.IP_POOL,
                            ObjectMeta.builder(p.name())
                                .resourceVersion(s.poolRevision(p.name()))
                                .build(),
                            p))
            .orElse(null);
      }
      if (k == ResourceKind.IP_RESERVATION) {
        return s.reservation(id.name())
            .map(
                r ->
                    (Resource<?>)
                        Resource.of(
                            ResourceKind.IP_RESERVATION,
                            ObjectMeta.builder(r.name())
                                .resourceVersion(s.reservationRevision(r.name()))
                                .build(),
                            r))
            .orElse(null);
      }
      return s.config()
          .map(
              c ->
                  (Resource<?>)
                      Resource.ipamConfiguration(c)
                          .withMetadata(
                              ObjectMeta.builder(id.name())
                                  .resourceVersion(s.configRevision())
                                  .build()))
          .orElse(null);
    }
    String key = ResourceKeys.key(id);
    Optional<KeyValue> ahead = readAhead.get(key);
    KeyValue kv = (ahead != null ? ahead : store.get(key)).orElse(null);
    return kv == null ? null : Records.decode(id, kv);
  }

  private SettingsBatch settings() {
    if (settings == null) {
      settings = SettingsBatch.read(store);
    }
    return settings;
  }

  private void put(Resource<?> next, @Nullable Resource<?> current) {
    ResourceKind<?> k = next.kind();
    if (k == ResourceKind.IP_POOL) {
      IpPool pool = next.as(ResourceKind.IP_POOL).spec();
      try {
        settings().putPool(pool);
      } catch (InvalidPoolException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = "invalid pool '" + pool.name() + "': ";
        throw new InvalidResourceException(
            null,
            next.id().toString(),
            m.contains("block size") ? "spec.blockSize" : "spec.cidr",
            m.startsWith(prefix) ? m.substring(prefix.length()) : m);
      }
    } else if (k == ResourceKind.IP_RESERVATION) {
      settings().putReservation(next.as(ResourceKind.IP_RESERVATION).spec());
    } else if (k == ResourceKind.IPAM_CONFIGURATION) {
      settings().putConfig(next.as(ResourceKind.IPAM_CONFIGURATION).spec());
    } else {
      String key = ResourceKeys.key(next.id());
      byte[] value = Records.encode(next);
      compare(key, current == null ? 0 : current.metadata().resourceVersion());
      ops.add(new Op.Put(key, value, 0));
      bytes += Keys.utf8(key).length + value.length;
    }
  }

  private void delete(ResourceId id, @Nullable Resource<?> current) {
    requireUnused(id);
    ResourceKind<?> k = id.kind();
    if (k == ResourceKind.IP_POOL) {
      long inUse = ipam.usage().pool(id.name()).map(PoolUsage::inUse).orElse(0L);
      if (inUse > 0) {
        throw new ResourceInUseException(
            id, inUse + " of its addresses are assigned; release them first");
      }
      poolDeletes.add(id.name());
    } else if (k == ResourceKind.IP_RESERVATION) {
      settings().deleteReservation(id.name());
    } else if (k == ResourceKind.IPAM_CONFIGURATION) {
      settings().deleteConfig();
    } else {
      String key = ResourceKeys.key(id);
      compare(key, current == null ? 0 : current.metadata().resourceVersion());
      ops.add(Op.delete(key));
      bytes += Keys.utf8(key).length;
    }
  }

  private void compare(String key, long revision) {
    if (compares.put(key, revision) == null) {
      bytes += Keys.utf8(key).length;
    }
  }

  /** Checks that what the resource refers to exists, in the store or in the write. */
  private void requireReferences(Resource<?> r) {
    Object spec = r.spec();
    if (spec instanceof Policy) {
      String tier = ((Policy) spec).tier();
      if (!tier.equals(Tier.DEFAULT_NAME)) {
        requireExists(r, ResourceId.of(ResourceKind.TIER, tier), "spec.tier", "tier");
      }
    }
    List<String> profiles = List.of();
    if (spec instanceof WorkloadEndpointSpec) {
      profiles = ((WorkloadEndpointSpec) spec).profiles();
    } else if (spec instanceof HostEndpointSpec) {
      profiles = ((HostEndpointSpec) spec).profiles();
    }
    for (int i = 0; i < profiles.size(); i++) {
      requireExists(
          r,
          ResourceId.of(ResourceKind.PROFILE, profiles.get(i)),
          "spec.profiles[" + i + "]",
          "profile");
    }
  }

  private void requireExists(Resource<?> by, ResourceId target, String field, String what) {
    Operation inBatch = batch.get(target);
    if (inBatch == Operation.DELETE) {
      throw new InvalidResourceException(
          null,
          by.id().toString(),
          field,
          what + " '" + target.name() + "' is deleted by the same write");
    }
    if (inBatch != null) {
      return;
    }
    String key = ResourceKeys.key(target);
    KeyValue kv = store.get(key).orElse(null);
    if (kv == null) {
      throw new InvalidResourceException(
          null,
          by.id().toString(),
          field,
          what + " '" + target.name() + "' does not exist; create it first");
    }
    compare(key, kv.modRevision()); // so that its deletion meanwhile fails this write
  }

  /** Checks that nothing outside the write's deletes refers to a tier or profile being deleted. */
  private void requireUnused(ResourceId id) {
    TreeSet<String> users = new TreeSet<>();
    if (id.kind() == ResourceKind.TIER) {
      for (ResourceKind<? extends Policy> k :
          List.of(ResourceKind.GLOBAL_NETWORK_POLICY, ResourceKind.NETWORK_POLICY)) {
        for (Resource<? extends Policy> p : StoreReads.list(store, k, null).items()) {
          if (p.spec().tier().equals(id.name()) && batch.get(p.id()) != Operation.DELETE) {
            users.add(p.id().toString());
          }
        }
      }
    } else if (id.kind() == ResourceKind.PROFILE) {
      for (Resource<WorkloadEndpointSpec> w :
          StoreReads.list(store, ResourceKind.WORKLOAD_ENDPOINT, null).items()) {
        if (w.spec().profiles().contains(id.name()) && batch.get(w.id()) != Operation.DELETE) {
          users.add(w.id().toString());
        }
      }
      for (Resource<HostEndpointSpec> h :
          StoreReads.list(store, ResourceKind.HOST_ENDPOINT, null).items()) {
        if (h.spec().profiles().contains(id.name()) && batch.get(h.id()) != Operation.DELETE) {
          users.add(h.id().toString());
        }
      }
    } else {
      return;
    }
    if (!users.isEmpty()) {
      List<String> named = new ArrayList<>(users);
      throw new ResourceInUseException(
          id,
          String.join(", ", named.subList(0, Math.min(5, named.size())))
              + (named.size() > 5 ? " and " + (named.size() - 5) + " more" : "")
              + " refer to it");
    }
  }

  /** How many compares and operations the transaction holds. */
  int size() {
    SettingsBatch s = settings;
    return compares.size() + ops.size() + (s == null ? 0 : s.compares().size() + s.ops().size());
  }

  /** Whether the transaction fits one of the datastore's. */
  boolean fits() {
    SettingsBatch s = settings;
    long settingsBytes = 0;
    if (s != null) {
      for (Op op : s.ops()) {
        settingsBytes +=
            Keys.utf8(op.key()).length + (op instanceof Op.Put ? ((Op.Put) op).value().length : 0);
      }
    }
    return size() <= Datastore.MAX_TXN_OPS && bytes + settingsBytes <= Datastore.MAX_TXN_BYTES;
  }

  /**
   * Writes the transaction.
   *
   * @return the revision written (or read, when nothing needed writing), or -1 if a compare failed
   *     and nothing was written
   */
  long commit() {
    SettingsBatch s = settings;
    if (ops.isEmpty() && (s == null || s.isEmpty())) {
      return store.currentRevision();
    }
    Txn.Builder t = Txn.builder();
    compares.forEach(
        (key, rev) -> t.compare(Compare.modRevision(key, Compare.Operator.EQUAL, rev)));
    t.onSuccess(ops);
    if (s != null) {
      t.compare(s.compares().toArray(new Compare[0]));
      t.onSuccess(s.ops());
    }
    TxnResult result = store.txn(t.build());
    return result.succeeded() ? result.revision() : -1;
  }

  /** Whether the plan writes anything in a transaction. */
  boolean writes() {
    SettingsBatch s = settings;
    return !ops.isEmpty() || (s != null && !s.isEmpty());
  }

  /** The pools to delete through IPAM once the transaction is written. */
  List<String> poolDeletes() {
    return poolDeletes;
  }

  /** What each change did, given the revision the transaction wrote. */
  List<WriteResult.Outcome> outcomes(long revision) {
    List<WriteResult.Outcome> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      Resource<?> r = s.next();
      if (r != null && s.action() != WriteResult.Action.UNCHANGED) {
        r = r.withMetadata(r.metadata().withResourceVersion(revision));
      }
      out.add(new WriteResult.Outcome(s.id(), s.action(), r));
    }
    return out;
  }
}
