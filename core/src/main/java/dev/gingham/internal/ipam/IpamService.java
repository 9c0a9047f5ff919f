package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.ConfigCodec;
import dev.gingham.internal.ipam.codec.ReservationCodec;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.CheckReport;
import dev.gingham.ipam.GcReport;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.IpamNames;
import dev.gingham.ipam.IpamUsage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@link Ipam} over a {@link Datastore}: the engine's entry point, which hands each operation to
 * the part that does it. Holds no state of its own beyond caches of decoded records; any number of
 * instances, in any number of processes, may share one store. Thread-safe.
 */
public final class IpamService implements Ipam {
  private final Datastore store;
  private final Records records;
  private final SettingsStore settings;
  private final BlockClaims claims;
  private final Assigner assigner;
  private final Releaser releaser;
  private final Pools pools;
  private final GarbageCollector collector;
  private final Attempts attempts = new Attempts();

  /**
   * @param store where the records live
   * @param clock the time for block emptiness, reclaim ages and cooldowns
   */
  public IpamService(Datastore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    this.records = new Records(store);
    this.settings = new SettingsStore(store, attempts);
    this.claims = new BlockClaims(records);
    this.assigner = new Assigner(records, settings, claims, attempts, clock);
    this.releaser = new Releaser(records, settings, attempts, clock);
    this.pools = new Pools(records, settings, claims, attempts);
    this.collector = new GarbageCollector(records, releaser);
  }

  @Override
  public IpPool createPool(IpPool pool) {
    return pools.create(pool);
  }

  @Override
  public IpPool updatePool(IpPool pool) {
    return pools.update(pool);
  }

  @Override
  public void deletePool(String name) {
    pools.delete(name);
  }

  @Override
  public Optional<IpPool> pool(String name) {
    Versioned<IpPool> record = settings.current().poolRecord(name);
    return record == null ? Optional.empty() : Optional.of(record.value());
  }

  @Override
  public List<IpPool> pools() {
    return settings.current().pools();
  }

  @Override
  public IpamConfig config() {
    return settings.current().config();
  }

  @Override
  public void setConfig(IpamConfig config) {
    Objects.requireNonNull(config, "config");
    settings.write(
        "setting the IPAM config",
        s ->
            s.config().equals(config) && s.configRevision() != 0
                ? null
                : new SettingsStore.Change(
                    IpamKeys.CONFIG, s.configRevision(), ConfigCodec.encode(config)));
  }

  @Override
  public IpReservation putReservation(IpReservation reservation) {
    Objects.requireNonNull(reservation, "reservation");
    settings.write(
        "putting reservation '" + reservation.name() + "'",
        s -> {
          Versioned<IpReservation> current = s.reservationRecord(reservation.name());
          if (current != null && current.value().equals(reservation)) {
            return null;
          }
          return new SettingsStore.Change(
              IpamKeys.reservation(reservation.name()),
              Records.revisionOf(current),
              ReservationCodec.encode(reservation));
        });
    return reservation;
  }

  @Override
  public boolean deleteReservation(String name) {
    IpamNames.requireResourceName("reservation name", name);
    boolean[] existed = new boolean[1];
    settings.write(
        "deleting reservation '" + name + "'",
        s -> {
          Versioned<IpReservation> current = s.reservationRecord(name);
          existed[0] = current != null;
          return current == null
              ? null
              : new SettingsStore.Change(current.key(), current.revision(), null);
        });
    return existed[0];
  }

  @Override
  public List<IpReservation> reservations() {
    List<IpReservation> out = new ArrayList<>();
    for (Versioned<IpReservation> r : settings.current().reservationRecords()) {
      out.add(r.value());
    }
    return out;
  }

  @Override
  public AssignResult autoAssign(AssignRequest request) {
    return assigner.autoAssign(request);
  }

  @Override
  public void assignIp(IpAddress address, String handle, Map<String, String> attributes) {
    assigner.assignIp(address, handle, attributes, null);
  }

  @Override
  public void assignIp(
      IpAddress address, String handle, Map<String, String> attributes, String host) {
    IpamNames.requireHost(host);
    assigner.assignIp(address, handle, attributes, host);
  }

  @Override
  public List<IpAddress> releaseIps(Collection<IpAddress> addresses) {
    return releaser.releaseIps(addresses);
  }

  @Override
  public List<IpAddress> releaseByHandle(String handle) {
    return releaser.releaseByHandle(handle);
  }

  @Override
  public List<IpAddress> ipsByHandle(String handle) {
    IpamNames.requireHandle(handle);
    Versioned<HandleRecord> record = records.handle(handle);
    if (record == null) {
      return List.of();
    }
    TreeSet<IpAddress> out = new TreeSet<>();
    for (IpPrefix cidr : record.value().blocks().keySet()) {
      Versioned<Block> block = records.block(cidr);
      if (block != null) {
        for (int ordinal : block.value().ordinalsOf(handle)) {
          out.add(cidr.address(ordinal));
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<Allocation> allocation(IpAddress address) {
    Objects.requireNonNull(address, "address");
    IpPool pool = settings.current().poolContaining(address);
    List<Versioned<Block>> candidates = new ArrayList<>(1);
    if (pool != null) {
      Versioned<Block> block = records.block(IpPrefix.ofMasking(address, pool.blockSize()));
      if (block != null) {
        candidates.add(block);
      }
    } else {
      candidates.addAll(records.allBlocks());
    }
    for (Versioned<Block> v : candidates) {
      Block b = v.value();
      if (b.cidr().contains(address)) {
        Slot slot = b.slot((int) b.cidr().ordinal(address));
        if (slot != null) {
          return Optional.of(
              new Allocation(
                  address,
                  slot.handle(),
                  slot.attributes(),
                  b.cidr(),
                  b.affinity(),
                  slot.sequence()));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Allocation> allocations() {
    List<Allocation> out = new ArrayList<>();
    for (Versioned<Block> v : records.allBlocks()) {
      Block b = v.value();
      for (int ordinal = 0; ordinal < b.size(); ordinal++) {
        Slot slot = b.slot(ordinal);
        if (slot != null) {
          out.add(
              new Allocation(
                  b.cidr().address(ordinal),
                  slot.handle(),
                  slot.attributes(),
                  b.cidr(),
                  b.affinity(),
                  slot.sequence()));
        }
      }
    }
    out.sort(Comparator.comparing(Allocation::address));
    return out;
  }

  @Override
  public List<IpAddress> releaseAllocations(Collection<Allocation> allocations) {
    return releaser.releaseAllocations(allocations);
  }

  @Override
  public int releaseHostAffinities(String host) {
    IpamNames.requireHost(host);
    int released = 0;
    for (int attempt = 1; ; attempt++) {
      boolean all = true;
      for (Versioned<Affinity> affinity : records.affinitiesOf(host)) {
        if (claims.release(host, affinity.value().cidr(), -1, false)) {
          released++;
        } else {
          all = false;
        }
      }
      if (all) {
        return released;
      }
      attempts.backoff(attempt, () -> "releasing the block affinities of host '" + host + "'");
    }
  }

  @Override
  public List<IpPrefix> blocksOf(String host) {
    IpamNames.requireHost(host);
    List<IpPrefix> out = new ArrayList<>();
    for (Versioned<Affinity> affinity : records.affinitiesOf(host)) {
      if (affinity.value().confirmed()) {
        out.add(affinity.value().cidr());
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public IpamUsage usage() {
    Settings s = settings.current();
    return UsageReport.of(s, records.allBlocks());
  }

  @Override
  public CheckReport check() {
    return Checker.check(store);
  }

  @Override
  public GcReport garbageCollect(Set<String> liveHandles) {
    Objects.requireNonNull(liveHandles, "liveHandles");
    Set<String> live = Set.copyOf(liveHandles);
    return collector.collect(live::contains);
  }

  @Override
  public GcReport garbageCollect(Predicate<String> isLive) {
    return collector.collect(isLive);
  }

  @Override
  public String toString() {
    return "Ipam{" + store.uri() + '}';
  }
}
