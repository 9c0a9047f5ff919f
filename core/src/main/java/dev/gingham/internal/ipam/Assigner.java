package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.AddressInUseException;
import dev.gingham.ipam.AddressNotInPoolException;
import dev.gingham.ipam.AddressReservedException;
import dev.gingham.ipam.AffinityConflictException;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.Attributes;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamNames;
import dev.gingham.ipam.NoSuchPoolException;
import dev.gingham.ipam.NoUsablePoolException;
import dev.gingham.ipam.PoolDisabledException;
import dev.gingham.ipam.PoolExhaustedException;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Assigns addresses: {@code autoAssign} with Calico's steps (fill the host's blocks, claim,
 * reclaim, borrow), and {@code assignIp}. Each attempt reads, plans every address of the request,
 * and commits the plan in one transaction that compares the settings epoch, every block and
 * affinity the plan took from, and the handle record; an attempt that loses a race starts again
 * from fresh reads. Thread-safe.
 */
final class Assigner {
  private final Datastore store;
  private final Records records;
  private final SettingsStore settings;
  private final BlockClaims claims;
  private final Attempts attempts;
  private final Clock clock;

  Assigner(
      Records records, SettingsStore settings, BlockClaims claims, Attempts attempts, Clock clock) {
    this.store = records.store();
    this.records = records;
    this.settings = settings;
    this.claims = claims;
    this.attempts = attempts;
    this.clock = clock;
  }

  AssignResult autoAssign(AssignRequest request) {
    Objects.requireNonNull(request, "request");
    AssignResult fast = optimisticAssign(request);
    if (fast != null) {
      return fast;
    }
    for (int attempt = 1; ; attempt++) {
      Settings s = settings.current();
      long now = clock.millis();
      Plan plan = new Plan();
      HostView view = new HostView(records, request.host(), false);
      try {
        if (request.ipv4() > 0) {
          fill(plan, view, s, request, IpFamily.IPV4, now, false);
        }
        if (request.ipv6() > 0) {
          fill(plan, view, s, request, IpFamily.IPV6, now, false);
        }
      } catch (BlockClaims.StaleSettings e) {
        attempts.backoff(attempt, () -> describe(request));
        continue;
      }
      AssignResult result = commit(plan, s, request.handle(), request.attributes(), now, false);
      if (result != null) {
        return result;
      }
      attempts.backoff(attempt, () -> describe(request));
    }
  }

  /**
   * The common case in one transaction and no reads: the request fits in the host's own confirmed
   * blocks as this process last saw them (settings, the host's affinities, its blocks and the
   * handle). Stale knowledge cannot be written, since the commit compares the revision of every
   * record the plan used; it only costs the fresh attempts that follow. Anything else — a claim, a
   * borrow, an error to report — is decided by those fresh attempts alone.
   *
   * @return the addresses, or null if the fresh attempts must decide
   */
  private @Nullable AssignResult optimisticAssign(AssignRequest request) {
    Plan plan = new Plan();
    long now = clock.millis();
    Settings s;
    try {
      s = settings.known();
      HostView view = new HostView(records, request.host(), true);
      if (request.ipv4() > 0 && !fill(plan, view, s, request, IpFamily.IPV4, now, true)) {
        return null;
      }
      if (request.ipv6() > 0 && !fill(plan, view, s, request, IpFamily.IPV6, now, true)) {
        return null;
      }
    } catch (RuntimeException e) {
      return null; // decided from what may be stale: the fresh attempts report it if it holds
    }
    return commit(plan, s, request.handle(), request.attributes(), now, true);
  }

  /**
   * Plans a family's addresses: the host's confirmed blocks first, then claims (and reclaims) up to
   * the block limit, then borrowing unless affinity is strict.
   *
   * @throws PoolExhaustedException if the addresses are not there
   */
  private boolean fill(
      Plan plan,
      HostView view,
      Settings s,
      AssignRequest request,
      IpFamily family,
      long now,
      boolean optimistic) {
    int count = request.count(family);
    List<IpPool> pools = usablePools(s, request, family);
    IpamConfig config = s.config();
    long cooldown = config.ipCooldown().toMillis();
    String host = request.host();
    int need = count;
    int owned = 0;
    for (Versioned<Affinity> a : view.affinities()) {
      Affinity affinity = a.value();
      if (!affinity.confirmed() || affinity.cidr().family() != family) {
        continue; // a pending affinity counts as absent
      }
      owned++;
      IpPool pool = need == 0 ? null : s.poolOfBlock(affinity.cidr());
      if (pool == null || !isAmong(pool, pools)) {
        continue;
      }
      Versioned<Block> block =
          optimistic ? records.knownBlock(affinity.cidr()) : records.block(affinity.cidr());
      if (block == null || !block.value().isAffineTo(host)) {
        continue; // a stale affinity; the claim walk repairs what can be
      }
      need -= plan.take(block, a, s.reservedMask(affinity.cidr(), pool), need, now, cooldown);
    }
    if (optimistic) {
      return need == 0;
    }
    boolean atLimit = false;
    if (need > 0 && config.autoAllocateBlocks()) {
      while (need > 0) {
        if (owned >= config.maxBlocksPerHost()) {
          atLimit = true;
          break;
        }
        Claimed claimed = claims.claim(view, pools, s, plan, now);
        if (claimed == null) {
          break;
        }
        owned++;
        IpPrefix cidr = claimed.block().value().cidr();
        IpPool pool = Objects.requireNonNull(s.poolOfBlock(cidr), "pool of a claimed block");
        need -=
            plan.take(
                claimed.block(),
                claimed.affinity(),
                s.reservedMask(cidr, pool),
                need,
                now,
                cooldown);
      }
    }
    if (need > 0 && !config.strictAffinity()) {
      need = borrow(plan, view, s, pools, host, need, now, cooldown);
    }
    if (need > 0) {
      throw exhausted(request, family, count, count - need, pools, config, atLimit);
    }
    return true;
  }

  /** Plans addresses from other hosts' blocks, each pool from the host's starting block on. */
  private int borrow(
      Plan plan,
      HostView view,
      Settings s,
      List<IpPool> pools,
      String host,
      int need,
      long now,
      long cooldown) {
    for (IpPool pool : pools) {
      List<Versioned<Block>> blocks = view.blocksIn(pool);
      IpPrefix first = new BlockWalk(pool, host).block(0);
      int start = 0;
      while (start < blocks.size() && blocks.get(start).value().cidr().compareTo(first) < 0) {
        start++;
      }
      for (int i = 0; i < blocks.size() && need > 0; i++) {
        Versioned<Block> block = blocks.get((start + i) % blocks.size());
        if (block.value().isAffineTo(host)) {
          continue; // the host's own: filled or repaired by the steps before
        }
        need -=
            plan.take(block, null, s.reservedMask(block.value().cidr(), pool), need, now, cooldown);
      }
      if (need == 0) {
        break;
      }
    }
    return need;
  }

  /**
   * The pools that may serve a family of the request, in name order.
   *
   * @throws NoSuchPoolException if the request names a CIDR that is no pool's
   * @throws PoolDisabledException if it names a disabled pool
   * @throws NoUsablePoolException if none may serve it
   */
  private static List<IpPool> usablePools(Settings s, AssignRequest request, IpFamily family) {
    List<IpPool> usable = new ArrayList<>(2);
    if (!request.pools().isEmpty()) {
      // Pools asked for by name are used whatever their node selector, as Calico does.
      for (IpPrefix cidr : request.pools()) {
        IpPool pool = null;
        for (IpPool p : s.pools()) {
          if (p.cidr().equals(cidr)) {
            pool = p;
          }
        }
        if (pool == null) {
          throw new NoSuchPoolException(cidr.toString());
        }
        if (pool.family() != family) {
          continue;
        }
        if (pool.disabled()) {
          throw new PoolDisabledException(pool.name(), pool.cidr());
        }
        if (pool.allows(request.use())) {
          usable.add(pool);
        }
      }
    } else {
      List<IpPool> all = s.pools();
      for (int i = 0; i < all.size(); i++) {
        IpPool pool = all.get(i);
        if (pool.family() == family
            && !pool.disabled()
            && pool.allows(request.use())
            && pool.selectsNode(request.hostLabels())) {
          usable.add(pool);
        }
      }
    }
    if (usable.isEmpty()) {
      throw noUsablePool(s, request, family);
    }
    return usable;
  }

  private static NoUsablePoolException noUsablePool(
      Settings s, AssignRequest request, IpFamily family) {
    StringBuilder why = new StringBuilder();
    for (IpPool pool : s.pools()) {
      if (pool.family() != family
          || (!request.pools().isEmpty() && !request.pools().contains(pool.cidr()))) {
        continue;
      }
      why.append(why.length() == 0 ? "" : ", ").append(pool.name()).append(" (");
      if (pool.disabled()) {
        why.append("disabled");
      } else if (!pool.allows(request.use())) {
        why.append("allows only ").append(pool.allowedUses());
      } else {
        why.append("node selector ").append(pool.nodeSelector()).append(" does not select it");
      }
      why.append(')');
    }
    String name = familyName(family);
    return new NoUsablePoolException(
        family,
        request.host(),
        "no enabled "
            + name
            + " pool allows "
            + request.use().text()
            + " use and selects host '"
            + request.host()
            + "'"
            + (why.length() == 0 ? ": there is no " + name + " pool" : ": " + why));
  }

  private static PoolExhaustedException exhausted(
      AssignRequest request,
      IpFamily family,
      int requested,
      int available,
      List<IpPool> pools,
      IpamConfig config,
      boolean atLimit) {
    List<IpPrefix> tried = new ArrayList<>(pools.size());
    for (IpPool pool : pools) {
      tried.add(pool.cidr());
    }
    StringBuilder message =
        new StringBuilder()
            .append("cannot assign ")
            .append(requested)
            .append(' ')
            .append(familyName(family))
            .append(requested == 1 ? " address" : " addresses")
            .append(" to handle '")
            .append(request.handle())
            .append("' on host '")
            .append(request.host())
            .append("': only ")
            .append(available)
            .append(" available to the host in pools ")
            .append(tried);
    if (atLimit) {
      message
          .append("; the host holds ")
          .append(config.maxBlocksPerHost())
          .append(config.maxBlocksPerHost() == 1 ? " block" : " blocks")
          .append(", the maxBlocksPerHost limit");
    }
    if (!config.autoAllocateBlocks()) {
      message.append("; automatic block allocation is off");
    }
    if (config.strictAffinity()) {
      message.append("; strict affinity forbids borrowing from other hosts' blocks");
    }
    return new PoolExhaustedException(family, requested, available, tried, message.toString());
  }

  /**
   * Assigns one given address.
   *
   * @param host the host to claim the block for, or null for none
   */
  void assignIp(
      IpAddress address, String handle, Map<String, String> attributes, @Nullable String host) {
    Objects.requireNonNull(address, "address");
    IpamNames.requireHandle(handle);
    Map<String, String> attrs = Attributes.copyOf("attributes", attributes);
    if (host != null) {
      IpamNames.requireHost(host);
    }
    for (int attempt = 1; ; attempt++) {
      Settings s = settings.current();
      long now = clock.millis();
      IpPool pool = s.poolContaining(address);
      if (pool == null) {
        throw new AddressNotInPoolException(address);
      }
      if (pool.disabled()) {
        throw new PoolDisabledException(pool.name(), pool.cidr());
      }
      String reservedBy = s.reservedBy(address, pool);
      if (reservedBy != null) {
        throw new AddressReservedException(address, reservedBy);
      }
      IpPrefix cidr = IpPrefix.ofMasking(address, pool.blockSize());
      boolean strict = s.config().strictAffinity();
      Versioned<Block> block = records.block(cidr);
      Versioned<Affinity> affinity = null;
      try {
        if (block == null) {
          if (host == null) {
            if (strict) {
              throw new AffinityConflictException(cidr, null, null);
            }
            block = createUnaffine(cidr, s, now);
          } else {
            Claimed claimed = claims.tryClaim(host, cidr, s, now);
            if (claimed != null) {
              block = claimed.block();
              affinity = claimed.affinity();
            }
          }
        } else {
          Block b = block.value();
          if (strict && (host == null || !b.isAffineTo(host))) {
            throw new AffinityConflictException(cidr, b.affinity(), host);
          }
          if (host != null && b.isAffineTo(host)) {
            affinity = records.affinity(host, cidr);
          }
        }
      } catch (BlockClaims.StaleSettings e) {
        block = null;
      }
      if (block != null) {
        int ordinal = (int) cidr.ordinal(address);
        Slot slot = block.value().slot(ordinal);
        if (slot != null) {
          throw new AddressInUseException(address, slot.handle());
        }
        Plan plan = new Plan();
        plan.takeExactly(block, affinity, ordinal);
        if (commit(plan, s, handle, attrs, now, false) != null) {
          return;
        }
      }
      attempts.backoff(attempt, () -> "assignIp of " + address + " to handle '" + handle + "'");
    }
  }

  /** Creates a block with no affinity, for a host-less assignment; null if it exists already. */
  private @Nullable Versioned<Block> createUnaffine(IpPrefix cidr, Settings s, long now) {
    Block block = Block.create(cidr, null, now * 1_000_000L, now);
    TxnResult result =
        store.txn(
            Txn.builder()
                .compare(BlockClaims.settingsAt(s), Compare.absent(IpamKeys.block(cidr)))
                .onSuccess(Records.put(block))
                .build());
    return result.succeeded() ? records.written(block, result.revision()) : null;
  }

  /**
   * Writes a plan: every block with its ordinals assigned, and the handle record with its counts,
   * in one transaction that compares everything the plan was decided from.
   *
   * @return the addresses assigned, or null if a compare failed and nothing was written
   */
  private @Nullable AssignResult commit(
      Plan plan,
      Settings s,
      String handle,
      Map<String, String> attributes,
      long now,
      boolean optimistic) {
    long cooldown = s.config().ipCooldown().toMillis();
    // Optimistically, a handle this process does not know is taken to be new, as most are.
    Versioned<HandleRecord> current =
        optimistic ? records.knownHandle(handle) : records.handle(handle);
    HandleRecord record = current == null ? HandleRecord.empty(handle) : current.value();
    List<Plan.Entry> entries = plan.entries();
    Txn.Builder txn = Txn.builder().compare(BlockClaims.settingsAt(s));
    List<Op> ops = new ArrayList<>(entries.size() + 1);
    Block[] written = new Block[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      Plan.Entry e = entries.get(i);
      Block next = e.block.value().assign(e.ordinals, e.count, handle, attributes, now, cooldown);
      txn.compare(Records.at(e.block.key(), e.block.revision()));
      if (e.affinity != null) {
        txn.compare(Records.at(e.affinity.key(), e.affinity.revision()));
      }
      ops.add(Records.put(next));
      written[i] = next;
      record = record.adjust(next.cidr(), e.count);
    }
    txn.compare(Records.unchanged(IpamKeys.handle(handle), current));
    ops.add(Records.put(record));
    TxnResult result = store.txn(txn.onSuccess(ops).build());
    if (!result.succeeded()) {
      return null;
    }
    List<IpAddress> v4 = new ArrayList<>(1);
    List<IpAddress> v6 = new ArrayList<>(1);
    for (int i = 0; i < entries.size(); i++) {
      Plan.Entry e = entries.get(i);
      records.written(written[i], result.revision());
      IpPrefix cidr = written[i].cidr();
      List<IpAddress> out = cidr.family() == IpFamily.IPV4 ? v4 : v6;
      for (int j = 0; j < e.count; j++) {
        out.add(cidr.address(e.ordinals[j]));
      }
    }
    records.written(record, result.revision());
    return new AssignResult(v4, v6);
  }

  private static boolean isAmong(IpPool pool, List<IpPool> pools) {
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i) == pool) {
        return true;
      }
    }
    return false;
  }

  private static String describe(AssignRequest request) {
    return "autoAssign for handle '" + request.handle() + "' on host '" + request.host() + "'";
  }

  static String familyName(IpFamily family) {
    return family == IpFamily.IPV4 ? "IPv4" : "IPv6";
  }
}
