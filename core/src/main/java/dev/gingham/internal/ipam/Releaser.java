package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.Allocation;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpamNames;
import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Releases addresses: by address, by handle, and for the garbage collector. Each release is one
 * transaction over the blocks and handle records it changes, comparing every one of them and the
 * settings epoch (whose cooldown it applies). A block left empty with no affinity is deleted, as
 * Calico does; a handle record left counting nothing is deleted. Thread-safe.
 */
final class Releaser {
  private final Datastore store;
  private final Records records;
  private final SettingsStore settings;
  private final Attempts attempts;
  private final Clock clock;

  Releaser(Records records, SettingsStore settings, Attempts attempts, Clock clock) {
    this.store = records.store();
    this.records = records;
    this.settings = settings;
    this.attempts = attempts;
    this.clock = clock;
  }

  /** One block's ordinals to release. */
  private record Part(Versioned<Block> block, int[] ordinals, int count) {}

  List<IpAddress> releaseIps(Collection<IpAddress> addresses) {
    Objects.requireNonNull(addresses, "addresses");
    for (IpAddress address : addresses) {
      Objects.requireNonNull(address, "an address to release");
    }
    return release(addresses, null);
  }

  /** Releases each address only while its slot still holds the allocation's handle and sequence. */
  List<IpAddress> releaseAllocations(Collection<Allocation> allocations) {
    Objects.requireNonNull(allocations, "allocations");
    Map<IpAddress, Allocation> expected = new LinkedHashMap<>();
    for (Allocation a : allocations) {
      Objects.requireNonNull(a, "an allocation to release");
      expected.put(a.address(), a);
    }
    return release(expected.keySet(), expected);
  }

  /**
   * Releases addresses, grouped by block.
   *
   * @param expected when not null, what each address must still hold to be released
   */
  private List<IpAddress> release(
      Collection<IpAddress> addresses, @Nullable Map<IpAddress, Allocation> expected) {
    Settings s = settings.current();
    LinkedHashMap<IpPrefix, List<IpAddress>> byBlock = new LinkedHashMap<>();
    List<Versioned<Block>> all = null;
    for (IpAddress address : addresses) {
      IpPrefix cidr = null;
      IpPool pool = s.poolContaining(address);
      if (pool != null) {
        cidr = IpPrefix.ofMasking(address, pool.blockSize());
      } else {
        // Outside every pool: a block may outlive its pool only through a direct write, but look.
        if (all == null) {
          all = records.allBlocks();
        }
        for (Versioned<Block> block : all) {
          if (block.value().cidr().contains(address)) {
            cidr = block.value().cidr();
          }
        }
      }
      if (cidr != null) {
        byBlock.computeIfAbsent(cidr, c -> new ArrayList<>(1)).add(address);
      }
    }
    Set<IpAddress> released = new HashSet<>();
    for (Map.Entry<IpPrefix, List<IpAddress>> e : byBlock.entrySet()) {
      released.addAll(releaseFromBlock(e.getKey(), e.getValue(), expected));
    }
    List<IpAddress> out = new ArrayList<>(released.size());
    for (IpAddress address : addresses) {
      if (released.remove(address)) {
        out.add(address);
      }
    }
    return out;
  }

  private List<IpAddress> releaseFromBlock(
      IpPrefix cidr, List<IpAddress> addresses, @Nullable Map<IpAddress, Allocation> expected) {
    for (int attempt = 1; ; attempt++) {
      Settings s = settings.current();
      Versioned<Block> block = records.block(cidr);
      if (block == null) {
        return List.of();
      }
      Block b = block.value();
      int[] ordinals = new int[addresses.size()];
      int n = 0;
      List<IpAddress> hit = new ArrayList<>(addresses.size());
      Map<String, @Nullable Versioned<HandleRecord>> handles = new HashMap<>(2);
      for (IpAddress address : addresses) {
        if (!cidr.contains(address)) {
          continue;
        }
        int ordinal = (int) cidr.ordinal(address);
        Slot slot = b.slot(ordinal);
        if (slot == null || contains(ordinals, n, ordinal)) {
          continue;
        }
        if (expected != null && !holds(slot, expected.get(address))) {
          continue; // released and assigned again since the allocation was read
        }
        ordinals[n++] = ordinal;
        hit.add(address);
        if (!handles.containsKey(slot.handle())) {
          handles.put(slot.handle(), records.handle(slot.handle()));
        }
      }
      if (n == 0) {
        return List.of();
      }
      if (commit(s, List.of(new Part(block, ordinals, n)), handles, null) != null) {
        return hit;
      }
      attempts.backoff(attempt, () -> "releasing " + addresses + " from block " + cidr);
    }
  }

  List<IpAddress> releaseByHandle(String handle) {
    IpamNames.requireHandle(handle);
    return releaseHandle(handle, Set.of(), null);
  }

  /**
   * Releases every address of a handle in the blocks its record names and in {@code known}, and
   * deletes its record, all at once; a handle whose addresses span more than {@link
   * Plan#MAX_BLOCKS} blocks is released that many blocks at a time.
   *
   * @param stillLive asked before each attempt; when it answers true nothing more is released
   * @return the addresses released, in address order
   */
  List<IpAddress> releaseHandle(
      String handle, Set<IpPrefix> known, @Nullable Predicate<String> stillLive) {
    TreeSet<IpAddress> released = new TreeSet<>();
    for (int attempt = 1; ; ) {
      if (stillLive != null && stillLive.test(handle)) {
        return List.copyOf(released);
      }
      Settings s = settings.current();
      Versioned<HandleRecord> record = records.handle(handle);
      TreeSet<IpPrefix> cidrs = new TreeSet<>(known);
      if (record != null) {
        cidrs.addAll(record.value().blocks().keySet());
      }
      List<Part> parts = new ArrayList<>();
      for (IpPrefix cidr : cidrs) {
        Versioned<Block> block = records.block(cidr);
        if (block != null) {
          int[] ordinals = block.value().ordinalsOf(handle);
          if (ordinals.length > 0) {
            parts.add(new Part(block, ordinals, ordinals.length));
          }
        }
      }
      if (parts.isEmpty() && record == null) {
        return List.copyOf(released);
      }
      boolean last = parts.size() <= Plan.MAX_BLOCKS;
      Map<String, @Nullable Versioned<HandleRecord>> handles = new HashMap<>(2);
      handles.put(handle, record);
      List<IpAddress> done =
          commit(
              s, last ? parts : parts.subList(0, Plan.MAX_BLOCKS), handles, last ? handle : null);
      if (done == null) {
        attempts.backoff(attempt++, () -> "releasing handle '" + handle + "'");
        continue;
      }
      released.addAll(done);
      if (last) {
        return List.copyOf(released);
      }
    }
  }

  /**
   * Writes a release: each block with its ordinals freed (or deleted, when left empty and with no
   * affinity), and each handle record with its counts lowered (or deleted when it counts nothing,
   * or when it is the handle to drop).
   *
   * @param handles the record of every handle the ordinals belong to, null where missing
   * @return the addresses released, or null if a compare failed and nothing was written
   */
  private @Nullable List<IpAddress> commit(
      Settings s,
      List<Part> parts,
      Map<String, @Nullable Versioned<HandleRecord>> handles,
      @Nullable String drop) {
    long now = clock.millis();
    long cooldown = s.config().ipCooldown().toMillis();
    Txn.Builder txn = Txn.builder().compare(BlockClaims.settingsAt(s));
    List<Op> ops = new ArrayList<>(parts.size() + handles.size());
    Map<String, HandleRecord> next = new HashMap<>(2);
    @Nullable Block[] written = new Block[parts.size()];
    List<IpAddress> released = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      Block b = part.block().value();
      for (int j = 0; j < part.count(); j++) {
        int ordinal = part.ordinals()[j];
        Slot slot = Objects.requireNonNull(b.slot(ordinal), "slot of a planned release");
        Versioned<HandleRecord> record = handles.get(slot.handle());
        HandleRecord current =
            next.getOrDefault(
                slot.handle(), record == null ? HandleRecord.empty(slot.handle()) : record.value());
        next.put(slot.handle(), current.adjust(b.cidr(), -1));
        released.add(b.cidr().address(ordinal));
      }
      Block after = b.release(part.ordinals(), part.count(), now, cooldown);
      txn.compare(Records.at(part.block().key(), part.block().revision()));
      boolean delete = after.isEmpty() && after.affinity() == null;
      ops.add(delete ? Op.delete(part.block().key()) : Records.put(after));
      written[i] = delete ? null : after;
    }
    for (Map.Entry<String, @Nullable Versioned<HandleRecord>> e : handles.entrySet()) {
      String handle = e.getKey();
      txn.compare(Records.unchanged(IpamKeys.handle(handle), e.getValue()));
      HandleRecord after = next.get(handle);
      if (handle.equals(drop) || (after != null && after.isEmpty())) {
        if (e.getValue() != null) {
          ops.add(Op.delete(IpamKeys.handle(handle)));
        }
      } else if (after != null && e.getValue() != null) {
        ops.add(Records.put(after));
      }
    }
    if (ops.isEmpty()) {
      return released;
    }
    TxnResult result = store.txn(txn.onSuccess(ops).build());
    if (!result.succeeded()) {
      return null;
    }
    for (int i = 0; i < parts.size(); i++) {
      Block after = written[i];
      if (after == null) {
        records.deleted(parts.get(i).block().key());
      } else {
        records.written(after, result.revision());
      }
    }
    for (Map.Entry<String, @Nullable Versioned<HandleRecord>> e : handles.entrySet()) {
      HandleRecord after = next.get(e.getKey());
      if (after == null || e.getKey().equals(drop) || after.isEmpty() || e.getValue() == null) {
        records.deleted(IpamKeys.handle(e.getKey()));
      } else {
        records.written(after, result.revision());
      }
    }
    return released;
  }

  private static boolean holds(Slot slot, @Nullable Allocation allocation) {
    return allocation != null
        && slot.handle().equals(allocation.handle())
        && slot.sequence() == allocation.sequence();
  }

  private static boolean contains(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }
}
