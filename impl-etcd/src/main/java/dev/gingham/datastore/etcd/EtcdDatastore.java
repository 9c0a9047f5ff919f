package dev.gingham.datastore.etcd;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Page;
import dev.gingham.spi.datastore.Snapshot;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import dev.gingham.spi.datastore.Watch;
import dev.gingham.spi.datastore.WatchListener;
import dev.gingham.spi.datastore.base.DatastoreArguments;
import dev.gingham.spi.datastore.base.DatastoreUri;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd v3 datastore: a cluster's shared state in etcd, as Calico keeps it.
 *
 * <p>The SPI's model is etcd's, so the mapping is direct: revisions are etcd's own; a create is a
 * transaction on {@code mod_revision == 0}, an update or delete compares {@code mod_revision}, and
 * {@link #txn} is one etcd transaction. Reads are linearizable. Watches are etcd watch streams that
 * resume by themselves, from the last revision they delivered, when a connection drops (see {@link
 * EtcdWatch}); compacted history ends them with {@code ResyncRequired(COMPACTED)}. Leases are etcd
 * leases. {@link #listAll} reads every page at the first page's revision, so a snapshot is
 * consistent as a whole, and a page whose answer would be too large for one message is read in
 * smaller pages.
 *
 * <p>A write whose answer is lost (a member stopped, a connection dropped) is settled before the
 * caller hears of it: a hidden write marker in the same etcd transaction shows whether it applied
 * (see {@link WriteMarkers}), so that it is either sent again or answered, and never applied twice.
 * A call that etcd does not complete within the request timeout throws {@link
 * DatastoreUnavailableException}; what is retried before that is described in {@link Calls}.
 *
 * <p>Open one with {@code Datastores.open("etcd://10.0.0.1:2379,10.0.0.2:2379?prefix=/gingham")};
 * the options are described in {@link EtcdOptions}. Thread-safe.
 */
public final class EtcdDatastore implements Datastore {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdDatastore.class);

  /** etcd's longest lease, in seconds. */
  private static final long MAX_LEASE_SECONDS = 9_000_000_000L;

  private final EtcdOptions options;
  private final String target;
  private final Client client;
  private final KV kv;
  private final KeySpace keys;
  private final TxnMapper mapper;
  private final Calls calls;
  private final WriteMarkers markers;
  private final MarkedWrites marked;
  private final ByteSequence probeKey;
  private final ScheduledExecutorService scheduler;
  private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

  /** The highest etcd compaction revision this store has seen or made. */
  private final AtomicLong compacted = new AtomicLong();

  private final AtomicBoolean closed = new AtomicBoolean();

  private EtcdDatastore(EtcdOptions options, Client client) {
    this.options = options;
    this.target =
        "etcd at "
            + options.endpoints().stream().map(Endpoint::toString).collect(Collectors.joining(","))
            + (options.prefix().isEmpty() ? "" : " (prefix '" + options.prefix() + "')");
    this.client = client;
    this.kv = client.getKVClient();
    this.keys = new KeySpace(options.prefix());
    this.mapper = new TxnMapper(keys);
    this.calls = new Calls(target, options.requestTimeout());
    this.markers = new WriteMarkers(keys);
    this.marked = new MarkedWrites(kv, mapper, calls, markers, keys);
    this.probeKey = keys.rangeStart("");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gingham-etcd-watch-resume " + target);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens the store an {@code etcd://} or {@code etcds://} URI names, and waits for etcd's first
   * answer.
   *
   * @throws IllegalArgumentException if the URI, an option or a TLS file is bad; nothing is dialled
   *     then
   * @throws DatastoreUnavailableException if etcd does not answer within the dial timeout
   * @throws DatastoreException if etcd refuses the credentials
   */
  public static EtcdDatastore open(URI uri) {
    EtcdOptions options = EtcdOptions.parse(uri);
    Client client = ClientFactory.build(options);
    EtcdDatastore store = new EtcdDatastore(options, client);
    try {
      store.calls.read(
          "first request",
          null,
          () -> store.kv.get(store.probeKey, GetOption.builder().withCountOnly(true).build()),
          EnumSet.noneOf(Kind.class),
          options.dialTimeout());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    LOG.debug(
        "Opened {} (tls={}, requestTimeout={}ms)",
        store.target,
        options.tls(),
        options.requestTimeout().toMillis());
    return store;
  }

  /** The URI, with any password replaced by {@code ****}. */
  @Override
  public URI uri() {
    return URI.create(DatastoreUri.redacted(options.uri()));
  }

  @Override
  public long currentRevision() {
    ensureOpen();
    return calls
        .read(
            "read of the revision",
            null,
            () -> kv.get(probeKey, GetOption.builder().withCountOnly(true).build()))
        .getHeader()
        .getRevision();
  }

  /**
   * {@code etcd <version>} of the first member that answers, as its status reports it; the versions
   * of several members are joined when they differ (a rolling upgrade).
   */
  @Override
  public Optional<String> serverVersion() {
    ensureOpen();
    TreeSet<String> versions = new TreeSet<>();
    @Nullable DatastoreUnavailableException last = null;
    for (Endpoint e : options.endpoints()) {
      String member = e.toString();
      try {
        versions.add(
            calls
                .read(
                    "status of member " + member,
                    null,
                    () -> client.getMaintenanceClient().statusMember(member))
                .getVersion());
      } catch (DatastoreUnavailableException unreachable) {
        last = unreachable;
      }
    }
    if (versions.isEmpty()) {
      throw last;
    }
    return Optional.of("etcd " + String.join(", ", versions));
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Keys.requireValid(key);
    ensureOpen();
    GetResponse response = calls.read("get", key, () -> kv.get(keys.key(key)));
    return response.getKvs().isEmpty()
        ? Optional.empty()
        : Optional.of(mapper.keyValue(response.getKvs().get(0)));
  }

  @Override
  public Page list(String prefix, String startAfter, int limit) {
    DatastoreArguments.requireList(prefix, startAfter, limit);
    ensureOpen();
    try {
      return page(prefix, startAfter, limit, 0);
    } catch (CallFailure f) {
      throw calls.translate(f, "list", prefix, calls.timeout(), false);
    }
  }

  /**
   * Every key under a prefix, every page read at the first page's revision: unlike the SPI's
   * default, the snapshot is consistent as a whole. If that revision is compacted away while the
   * pages are read, the listing starts again (up to three times).
   */
  @Override
  public Snapshot listAll(String prefix) {
    Keys.requireValidPrefix(prefix);
    ensureOpen();
    for (int attempt = 1; ; attempt++) {
      try {
        Page page = page(prefix, "", DEFAULT_PAGE_SIZE, 0);
        long revision = page.revision();
        List<KeyValue> items = new ArrayList<>(page.items());
        while (page.more()) {
          String after = page.items().get(page.items().size() - 1).key();
          page = page(prefix, after, DEFAULT_PAGE_SIZE, revision);
          items.addAll(page.items());
        }
        return new Snapshot(items, revision);
      } catch (CallFailure f) {
        if (f.kind() != Kind.COMPACTED || attempt >= 3) {
          throw calls.translate(f, "list", prefix, calls.timeout(), false);
        }
      }
    }
  }

  /**
   * Reads one page. A page whose answer exceeds the largest message the client takes is read again
   * with half the limit, down to one key.
   *
   * @param atRevision the revision to read at, or 0 for the current one
   * @throws CallFailure if the revision was compacted, or on a failure that was not retried
   */
  private Page page(String prefix, String startAfter, int limit, long atRevision) {
    if (keys.pageIsEmpty(prefix, startAfter)) {
      return new Page(List.of(), atRevision > 0 ? atRevision : currentRevision(), false);
    }
    ByteSequence start = keys.pageStart(prefix, startAfter);
    int ask = limit;
    while (true) {
      GetOption option =
          GetOption.builder()
              .withRange(keys.rangeEnd(prefix))
              .withLimit(ask)
              .withRevision(atRevision)
              .build();
      try {
        GetResponse response =
            calls.read(
                "list",
                prefix,
                () -> kv.get(start, option),
                EnumSet.allOf(Kind.class),
                calls.timeout());
        List<KeyValue> items = new ArrayList<>(response.getKvs().size());
        for (io.etcd.jetcd.KeyValue item : response.getKvs()) {
          items.add(mapper.keyValue(item));
        }
        long revision = atRevision > 0 ? atRevision : response.getHeader().getRevision();
        return new Page(items, revision, response.isMore());
      } catch (CallFailure f) {
        if (f.kind() == Kind.RESPONSE_TOO_LARGE && ask > 1) {
          ask = Math.max(1, ask / 2);
          continue;
        }
        throw f;
      }
    }
  }

  @Override
  public TxnResult txn(Txn txn) {
    if (txn == null) {
      throw new IllegalArgumentException("txn must not be null");
    }
    ensureOpen();
    String key = DatastoreArguments.firstKey(txn);
    if (!txn.writes()) {
      TxnResponse response =
          calls.read("read-only transaction", key, () -> mapper.fill(kv.txn(), txn).commit());
      return mapper.result(txn, response);
    }
    try {
      if (WriteMarkers.marks(txn)) {
        return marked.run(txn, key);
      }
      TxnResponse response =
          calls.write(
              "transaction",
              key,
              TxnMapper.replaySafe(txn),
              () -> mapper.fill(kv.txn(), txn).commit(),
              TxnResponse::isSucceeded,
              EnumSet.of(Kind.LEASE_NOT_FOUND));
      return mapper.result(txn, response);
    } catch (CallFailure f) {
      if (f.kind() != Kind.LEASE_NOT_FOUND) {
        throw calls.translate(f, "transaction", key, calls.timeout(), true);
      }
      // etcd refused the whole transaction, so nothing was written.
      throw new LeaseExpiredException(missingLease(txn));
    }
  }

  /** Which of a transaction's leases etcd does not know: asked of etcd when there are several. */
  private long missingLease(Txn txn) {
    Set<Long> leases = TxnMapper.leases(txn);
    if (leases.size() > 1) {
      for (long id : leases) {
        long ttl =
            calls
                .read(
                    "time-to-live of lease " + id,
                    null,
                    () -> client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT))
                .getTTL();
        if (ttl < 0) {
          return id;
        }
      }
    }
    return leases.isEmpty() ? Lease.NONE : leases.iterator().next();
  }

  @Override
  public Watch watch(String prefix, long fromRevision, WatchListener listener) {
    DatastoreArguments.requireWatch(prefix, fromRevision, listener);
    ensureOpen();
    // "From now" is fixed here, so that every write after this call returns is seen even though
    // etcd registers the watch a moment later.
    long from = fromRevision == 0 ? currentRevision() + 1 : fromRevision;
    EtcdWatch[] self = new EtcdWatch[1];
    EtcdWatch watch =
        new EtcdWatch(
            client.getWatchClient(),
            keys,
            mapper,
            scheduler,
            target,
            prefix,
            from,
            options.watchQueue(),
            listener,
            () -> watches.remove(self[0]));
    self[0] = watch;
    watches.add(watch);
    if (closed.get()) {
      watch.close();
    }
    return watch;
  }

  /**
   * Grants a lease of at least {@code ttl}, rounded up to whole seconds (etcd's unit) and to etcd's
   * minimum. A grant is retried like a read: a repeat can only leave an unused lease behind, which
   * expires by itself.
   */
  @Override
  public Lease grantLease(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time to live must be positive, was " + ttl);
    }
    long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
    if (seconds > MAX_LEASE_SECONDS) {
      throw new IllegalArgumentException(
          "lease time to live must be at most " + MAX_LEASE_SECONDS + "s, was " + ttl);
    }
    ensureOpen();
    LeaseGrantResponse granted =
        calls.read(
            "grant of a " + seconds + "s lease",
            null,
            () -> client.getLeaseClient().grant(seconds));
    return new EtcdLease(
        client.getLeaseClient(), calls, granted.getID(), Duration.ofSeconds(granted.getTTL()));
  }

  /**
   * Compacts etcd's history. etcd keeps the compaction revision itself readable, while the SPI
   * forgets it too; {@link EtcdWatch} bridges the difference.
   */
  @Override
  public void compact(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("compaction revision must be >= 0, was " + revision);
    }
    ensureOpen();
    if (revision == 0 || revision <= compacted.get()) {
      return;
    }
    try {
      calls.read(
          "compaction to revision " + revision,
          null,
          () -> kv.compact(revision),
          EnumSet.of(Kind.COMPACTED, Kind.FUTURE_REVISION),
          calls.timeout());
    } catch (CallFailure f) {
      if (f.kind() == Kind.FUTURE_REVISION) {
        throw new IllegalArgumentException(
            "cannot compact to revision "
                + revision
                + ": it is in the future (current revision "
                + currentRevision()
                + ")");
      }
      // Compacted to this revision or later already.
    }
    compacted.accumulateAndGet(revision, Math::max);
  }

  /**
   * One past etcd's compaction revision. etcd does not tell it directly; it is the first revision
   * etcd can still read at, found by bisection over the revisions (a few dozen cheap reads at
   * most), starting from the highest compaction this store has seen.
   */
  @Override
  public long oldestRevision() {
    ensureOpen();
    long low = Math.max(1, compacted.get());
    long high = currentRevision();
    while (low < high) {
      long mid = low + (high - low) / 2;
      if (readableAt(mid)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    if (low > 1) {
      compacted.accumulateAndGet(low, Math::max);
      return low + 1;
    }
    return 1;
  }

  private boolean readableAt(long revision) {
    try {
      calls.read(
          "read at revision " + revision,
          null,
          () ->
              kv.get(
                  probeKey, GetOption.builder().withRevision(revision).withCountOnly(true).build()),
          EnumSet.of(Kind.COMPACTED),
          calls.timeout());
      return true;
    } catch (CallFailure f) {
      return false;
    }
  }

  /** Ends the watches and closes the connections. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (EtcdWatch watch : List.copyOf(watches)) {
      watch.close();
    }
    scheduler.shutdownNow();
    if (markers.used()) {
      // Best effort: a store that cannot say goodbye leaves one small key per slot behind.
      try {
        kv.delete(markers.area(), DeleteOption.builder().isPrefix(true).build())
            .get(Math.min(calls.timeout().toMillis(), 2_000), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("Could not delete the write markers of {}", target, e);
      }
    }
    client.close();
    LOG.debug("Closed {}", target);
  }

  @Override
  public String toString() {
    return "EtcdDatastore{" + target + '}';
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(target + ": the datastore is closed");
    }
  }
}
