package dev.gingham.internal.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gingham.core.Ipams;
import dev.gingham.ipam.AddressInUseException;
import dev.gingham.ipam.AddressNotInPoolException;
import dev.gingham.ipam.AddressReservedException;
import dev.gingham.ipam.AffinityConflictException;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.AssignResult;
import dev.gingham.ipam.BlockUsage;
import dev.gingham.ipam.GcReport;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.ipam.PoolExhaustedException;
import dev.gingham.ipam.PoolUsage;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.statistics.Statistics;

/**
 * The state of one model-based run: an engine on a fresh store, and the model of what it should
 * hold: which handle owns which address. Every action runs on the engine, checks what it returned
 * against the model, and updates the model; the invariants compare the engine's whole state with
 * the model after every action.
 *
 * <p>The pools are small so that runs meet exhaustion, borrowing and reclaiming: an IPv4 /27 in two
 * /28 blocks that keep each block's network and broadcast address, and an IPv6 /123 in two /124
 * blocks, with a reservation in each.
 */
final class IpamModel implements AutoCloseable {
  static final IpPrefix V4 = IpPrefix.parse("10.70.0.0/27");
  static final IpPrefix V6 = IpPrefix.parse("fd00:70::/123");
  static final IpPrefix V4_RESERVED = IpPrefix.parse("10.70.0.16/30");
  static final IpPrefix V6_RESERVED = IpPrefix.parse("fd00:70::20/126");
  static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");
  static final IpAddress OUTSIDE = IpAddress.parse("10.71.0.1");

  private final Datastore store;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final Ipam ipam;
  private final Map<IpAddress, String> owner = new HashMap<>();
  private final TreeMap<String, TreeSet<IpAddress>> byHandle = new TreeMap<>();
  private int nextHandle;
  private boolean strict;

  IpamModel(Datastore store) {
    this.store = store;
    this.ipam = Ipams.create(store, clock);
    ipam.createPool(IpPool.builder("v4", V4).blockSize(28).reservedPerBlock(1, 1).build());
    ipam.createPool(IpPool.builder("v6", V6).blockSize(124).build());
    ipam.putReservation(IpReservation.of("kept", V4_RESERVED, V6_RESERVED));
  }

  @Override
  public void close() {
    store.close();
  }

  /** Whether the engine may never hand an address out: reserved, or a block's edge (IPv4). */
  static boolean reserved(IpAddress a) {
    if (V4_RESERVED.contains(a) || V6_RESERVED.contains(a)) {
      return true;
    }
    if (V4.contains(a)) {
      long inBlock = V4.ordinal(a) % 16;
      return inBlock == 0 || inBlock == 15;
    }
    return false;
  }

  /** Every address of both pools, in order. */
  static List<IpAddress> poolAddresses() {
    List<IpAddress> all = new ArrayList<>(64);
    for (int i = 0; i < 32; i++) {
      all.add(V4.address(i));
    }
    for (int i = 0; i < 32; i++) {
      all.add(V6.address(i));
    }
    return all;
  }

  private long assignable(IpPrefix pool) {
    long n = 0;
    for (IpAddress a : poolAddresses()) {
      if (pool.contains(a) && !reserved(a) && !owner.containsKey(a)) {
        n++;
      }
    }
    return n;
  }

  private String handle(boolean reuse, int index) {
    if (reuse && !byHandle.isEmpty()) {
      return new ArrayList<>(byHandle.keySet()).get(index % byHandle.size());
    }
    return "handle-" + nextHandle++;
  }

  private void record(String handle, IpAddress a) {
    owner.put(a, handle);
    byHandle.computeIfAbsent(handle, h -> new TreeSet<>()).add(a);
  }

  private void forget(IpAddress a) {
    String handle = owner.remove(a);
    TreeSet<IpAddress> set = byHandle.get(handle);
    set.remove(a);
    if (set.isEmpty()) {
      byHandle.remove(handle);
    }
  }

  // --- actions

  void autoAssign(String host, int v4, int v6, boolean reuse, int index) {
    String handle = handle(reuse, index);
    long freeV4 = assignable(V4);
    long freeV6 = assignable(V6);
    AssignResult r;
    try {
      r = ipam.autoAssign(AssignRequest.builder(handle, host).ipv4(v4).ipv6(v6).build());
    } catch (PoolExhaustedException e) {
      Statistics.collect("autoAssign", strict ? "exhausted (strict)" : "exhausted");
      if (!strict) {
        long free = e.family() == IpFamily.IPV4 ? freeV4 : freeV6;
        assertThat(free)
            .as("without strict affinity, %s runs out only when too few are free", e.family())
            .isLessThan(e.requested());
      }
      return;
    }
    Statistics.collect("autoAssign", "assigned");
    assertThat(r.ipv4()).hasSize(v4).allMatch(V4::contains);
    assertThat(r.ipv6()).hasSize(v6).allMatch(V6::contains);
    assertThat(new HashSet<>(r.all())).as("distinct within one result").hasSize(v4 + v6);
    for (IpAddress a : r.all()) {
      if (owner.containsKey(a)) {
        fail("%s handed out to %s while %s holds it", a, handle, owner.get(a));
      }
      assertThat(reserved(a)).as("%s is reserved, a network or a broadcast address", a).isFalse();
      record(handle, a);
    }
  }

  /**
   * Assigns a given address: one already owned when {@code owned} and there is one, else one of the
   * pools' addresses, or one outside them when the index is past their end.
   */
  void assignIp(int addressIndex, boolean owned, String host, boolean withHost) {
    List<IpAddress> all = poolAddresses();
    List<IpAddress> held = new ArrayList<>(new TreeSet<>(owner.keySet()));
    IpAddress a =
        owned && !held.isEmpty()
            ? held.get(addressIndex % held.size())
            : addressIndex >= all.size() ? OUTSIDE : all.get(addressIndex);
    String handle = handle(false, 0);
    IpPrefix block = IpPrefix.ofMasking(a, a.family() == IpFamily.IPV4 ? 28 : 124);
    BlockUsage existing = null;
    for (PoolUsage pool : ipam.usage().pools()) {
      for (BlockUsage b : pool.blocks()) {
        if (b.cidr().equals(block)) {
          existing = b;
        }
      }
    }
    try {
      if (withHost) {
        ipam.assignIp(a, handle, Map.of("by", "assignIp"), host);
      } else {
        ipam.assignIp(a, handle, Map.of());
      }
    } catch (AddressNotInPoolException e) {
      Statistics.collect("assignIp", "not in a pool");
      assertThat(a).isEqualTo(OUTSIDE);
      return;
    } catch (AddressReservedException e) {
      Statistics.collect("assignIp", "reserved");
      assertThat(reserved(a)).as("%s refused as reserved", a).isTrue();
      return;
    } catch (AddressInUseException e) {
      Statistics.collect("assignIp", "in use");
      assertThat(owner).as("%s refused as in use", a).containsEntry(a, e.handle());
      return;
    } catch (AffinityConflictException e) {
      Statistics.collect("assignIp", "affinity conflict");
      boolean mayConflict =
          strict && (!withHost || (existing != null && !host.equals(existing.host())));
      assertThat(mayConflict).as("affinity conflict for %s from %s", a, host).isTrue();
      return;
    }
    Statistics.collect("assignIp", "assigned");
    assertThat(a).isNotEqualTo(OUTSIDE);
    assertThat(reserved(a)).isFalse();
    assertThat(owner).doesNotContainKey(a);
    if (strict) {
      assertThat(withHost && (existing == null || host.equals(existing.host())))
          .as("strict affinity let %s into %s", host, block)
          .isTrue();
    }
    record(handle, a);
  }

  void releaseIps(List<Integer> picks, boolean withUnknown) {
    List<IpAddress> owned = new ArrayList<>(new TreeSet<>(owner.keySet()));
    List<IpAddress> asked = new ArrayList<>();
    for (int pick : picks) {
      if (!owned.isEmpty()) {
        asked.add(owned.get(pick % owned.size()));
      }
    }
    if (withUnknown) {
      for (IpAddress a : poolAddresses()) {
        if (!owner.containsKey(a)) {
          asked.add(a);
          break;
        }
      }
      asked.add(OUTSIDE);
    }
    List<IpAddress> expected = new ArrayList<>();
    for (IpAddress a : asked) {
      if (owner.containsKey(a) && !expected.contains(a)) {
        expected.add(a);
      }
    }
    assertThat(ipam.releaseIps(asked)).containsExactlyElementsOf(expected);
    expected.forEach(this::forget);
  }

  void releaseByHandle(boolean known, int index) {
    String handle = known && !byHandle.isEmpty() ? handle(true, index) : "never-" + index;
    List<IpAddress> expected = new ArrayList<>(byHandle.getOrDefault(handle, new TreeSet<>()));
    assertThat(ipam.releaseByHandle(handle)).containsExactlyElementsOf(expected);
    expected.forEach(this::forget);
  }

  void releaseHostAffinities(String host) {
    ipam.releaseHostAffinities(host);
    assertThat(ipam.blocksOf(host)).isEmpty();
  }

  void garbageCollect(long liveMask) {
    Set<String> live = new HashSet<>();
    Map<String, List<IpAddress>> expected = new TreeMap<>();
    int i = 0;
    for (Map.Entry<String, TreeSet<IpAddress>> e : byHandle.entrySet()) {
      if ((liveMask >>> (i++ % 64) & 1) != 0) {
        live.add(e.getKey());
      } else {
        expected.put(e.getKey(), new ArrayList<>(e.getValue()));
      }
    }
    GcReport report = ipam.garbageCollect(live);
    Statistics.collect("garbageCollect", report.released().isEmpty() ? "nothing" : "released");
    assertThat(report.released()).isEqualTo(expected);
    expected.values().forEach(list -> list.forEach(this::forget));
  }

  void advanceClock(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  void toggleStrictAffinity() {
    strict = !strict;
    ipam.setConfig(IpamConfig.builder().strictAffinity(strict).build());
  }

  // --- invariants

  /** Every handle holds exactly the addresses the model gives it, and no others are in use. */
  void noAddressHandedOutTwice() {
    for (Map.Entry<String, TreeSet<IpAddress>> e : byHandle.entrySet()) {
      assertThat(ipam.ipsByHandle(e.getKey()))
          .as("addresses of %s", e.getKey())
          .containsExactlyElementsOf(e.getValue());
    }
    assertThat(ipam.usage().inUse()).as("addresses in use").isEqualTo(owner.size());
  }

  void sizesAddUp() {
    for (PoolUsage pool : ipam.usage().pools()) {
      assertThat(BigInteger.valueOf(pool.inUse()).add(pool.reserved()).add(pool.free()))
          .as("pool %s", pool.pool())
          .isEqualTo(pool.size());
      for (BlockUsage b : pool.blocks()) {
        assertThat(b.inUse() + b.reserved() + b.free())
            .as("block %s", b.cidr())
            .isEqualTo(b.size());
      }
    }
  }

  void usageMatchesModel() {
    for (PoolUsage pool : ipam.usage().pools()) {
      IpPrefix cidr = pool.cidr();
      long inUse = 0;
      long reservedFree = 0;
      for (IpAddress a : poolAddresses()) {
        if (cidr.contains(a)) {
          inUse += owner.containsKey(a) ? 1 : 0;
          reservedFree += !owner.containsKey(a) && reserved(a) ? 1 : 0;
        }
      }
      assertThat(pool.inUse()).as("in use in %s", cidr).isEqualTo(inUse);
      assertThat(pool.reserved())
          .as("reserved in %s", cidr)
          .isEqualTo(BigInteger.valueOf(reservedFree));
      for (BlockUsage b : pool.blocks()) {
        int blockInUse = 0;
        int blockReserved = 0;
        for (IpAddress a : poolAddresses()) {
          if (b.cidr().contains(a)) {
            blockInUse += owner.containsKey(a) ? 1 : 0;
            blockReserved += !owner.containsKey(a) && reserved(a) ? 1 : 0;
          }
        }
        assertThat(b.inUse()).as("in use in %s", b.cidr()).isEqualTo(blockInUse);
        assertThat(b.reserved()).as("reserved in %s", b.cidr()).isEqualTo(blockReserved);
      }
    }
  }

  void checkFindsNothing() {
    assertThat(ipam.check().inconsistencies()).as("check()").isEmpty();
  }

  @Override
  public String toString() {
    return "IpamModel{"
        + owner.size()
        + " in use by "
        + byHandle.size()
        + " handles, strict="
        + strict
        + "}";
  }
}
