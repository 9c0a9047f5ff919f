package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.AffinityCodec;
import dev.gingham.internal.ipam.codec.BlockCodec;
import dev.gingham.internal.ipam.codec.ConfigCodec;
import dev.gingham.internal.ipam.codec.EpochCodec;
import dev.gingham.internal.ipam.codec.HandleCodec;
import dev.gingham.internal.ipam.codec.MalformedRecordException;
import dev.gingham.internal.ipam.codec.PoolCodec;
import dev.gingham.internal.ipam.codec.ReservationCodec;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.internal.ipam.model.Slot;
import dev.gingham.ipam.CheckReport;
import dev.gingham.ipam.Inconsistency;
import dev.gingham.ipam.InconsistencyKind;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every IPAM record at once and reports what contradicts what: records that do not decode,
 * handle counts that disagree with blocks, blocks and affinities that disagree, blocks outside
 * every pool, overlapping pools. Changes nothing.
 */
final class Checker {
  private final List<Inconsistency> found = new ArrayList<>();
  private final Map<String, IpPool> pools = new TreeMap<>();
  private final Map<String, Block> blocks = new TreeMap<>();
  private final Map<String, Affinity> affinities = new TreeMap<>();
  private final Map<String, HandleRecord> handles = new TreeMap<>();

  private Checker() {}

  static CheckReport check(Datastore store) {
    Checker checker = new Checker();
    for (KeyValue kv : store.listAll(IpamKeys.ROOT).items()) {
      checker.read(kv);
    }
    checker.checkPools();
    checker.checkBlocks();
    checker.checkAffinities();
    checker.found.sort(Comparator.comparing(Inconsistency::key));
    return new CheckReport(checker.found);
  }

  private void read(KeyValue kv) {
    String key = kv.key();
    try {
      if (key.equals(IpamKeys.SETTINGS)) {
        EpochCodec.decode(kv.valueStream());
      } else if (key.equals(IpamKeys.CONFIG)) {
        ConfigCodec.decode(kv.valueStream());
      } else if (key.startsWith(IpamKeys.POOLS)) {
        IpPool pool = PoolCodec.decode(kv.valueStream());
        if (underOwnKey(key, IpamKeys.pool(pool.name()))) {
          pools.put(key, pool);
        }
      } else if (key.startsWith(IpamKeys.RESERVATIONS)) {
        IpReservation r = ReservationCodec.decode(kv.valueStream());
        underOwnKey(key, IpamKeys.reservation(r.name()));
      } else if (key.startsWith(IpamKeys.BLOCKS)) {
        Block block = BlockCodec.decode(kv.valueStream());
        if (underOwnKey(key, IpamKeys.block(block.cidr()))) {
          blocks.put(key, block);
        }
      } else if (key.startsWith(IpamKeys.AFFINITIES)) {
        Affinity a = AffinityCodec.decode(kv.valueStream());
        if (underOwnKey(key, IpamKeys.affinity(a.host(), a.cidr()))) {
          affinities.put(key, a);
        }
      } else if (key.startsWith(IpamKeys.HANDLES)) {
        HandleRecord h = HandleCodec.decode(kv.valueStream());
        if (underOwnKey(key, IpamKeys.handle(h.handle()))) {
          handles.put(h.handle(), h);
        }
      } else {
        report(InconsistencyKind.CORRUPT_RECORD, key, "not a key IPAM writes");
      }
    } catch (MalformedRecordException e) {
      report(InconsistencyKind.CORRUPT_RECORD, key, e.getMessage());
    }
  }

  private boolean underOwnKey(String key, String expected) {
    if (key.equals(expected)) {
      return true;
    }
    report(InconsistencyKind.CORRUPT_RECORD, key, "it holds the record of " + expected);
    return false;
  }

  private void checkPools() {
    List<Map.Entry<String, IpPool>> list = new ArrayList<>(pools.entrySet());
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        IpPool a = list.get(i).getValue();
        IpPool b = list.get(j).getValue();
        if (a.cidr().overlaps(b.cidr())) {
          report(
              InconsistencyKind.OVERLAPPING_POOLS,
              list.get(j).getKey(),
              "pool '"
                  + b.name()
                  + "' ("
                  + b.cidr()
                  + ") overlaps pool '"
                  + a.name()
                  + "' ("
                  + a.cidr()
                  + ")");
        }
      }
    }
  }

  private void checkBlocks() {
    // handle -> block -> how many addresses the blocks hold for it
    Map<String, Map<IpPrefix, Integer>> held = new HashMap<>();
    for (Map.Entry<String, Block> e : blocks.entrySet()) {
      String key = e.getKey();
      Block b = e.getValue();
      boolean inPool = false;
      for (IpPool pool : pools.values()) {
        inPool |= pool.blockSize() == b.cidr().length() && pool.cidr().contains(b.cidr());
      }
      if (!inPool) {
        report(
            InconsistencyKind.BLOCK_OUTSIDE_POOLS,
            key,
            "no pool holds block " + b.cidr() + " with block size /" + b.cidr().length());
      }
      String host = b.affinity();
      if (host != null) {
        Affinity a = affinities.get(IpamKeys.affinity(host, b.cidr()));
        if (a == null || !a.confirmed()) {
          report(
              InconsistencyKind.BLOCK_WITHOUT_AFFINITY,
              key,
              "block "
                  + b.cidr()
                  + " names host '"
                  + host
                  + "', which holds "
                  + (a == null ? "no affinity" : "a " + a.state().text() + " affinity")
                  + " for it");
        }
      } else if (b.isEmpty()) {
        report(
            InconsistencyKind.EMPTY_BLOCK_WITHOUT_AFFINITY,
            key,
            "block " + b.cidr() + " has no affinity and no address in use, yet exists");
      }
      for (int ordinal = 0; ordinal < b.size(); ordinal++) {
        Slot slot = b.slot(ordinal);
        if (slot != null) {
          held.computeIfAbsent(slot.handle(), h -> new TreeMap<>())
              .merge(b.cidr(), 1, Integer::sum);
        }
      }
    }
    for (HandleRecord record : handles.values()) {
      Map<IpPrefix, Integer> actual = held.getOrDefault(record.handle(), Map.of());
      for (Map.Entry<IpPrefix, Integer> e : record.blocks().entrySet()) {
        int holds = actual.getOrDefault(e.getKey(), 0);
        if (e.getValue() > holds) {
          report(
              InconsistencyKind.LEAKED_HANDLE,
              IpamKeys.handle(record.handle()),
              "handle '"
                  + record.handle()
                  + "' counts "
                  + e.getValue()
                  + " in block "
                  + e.getKey()
                  + ", which holds "
                  + holds
                  + " for it");
        }
      }
    }
    for (Map.Entry<String, Map<IpPrefix, Integer>> e : held.entrySet()) {
      HandleRecord record = handles.get(e.getKey());
      for (Map.Entry<IpPrefix, Integer> inBlock : e.getValue().entrySet()) {
        int counted = record == null ? 0 : record.count(inBlock.getKey());
        if (inBlock.getValue() > counted) {
          report(
              InconsistencyKind.ALLOCATION_WITHOUT_HANDLE,
              IpamKeys.block(inBlock.getKey()),
              "block "
                  + inBlock.getKey()
                  + " holds "
                  + inBlock.getValue()
                  + " for handle '"
                  + e.getKey()
                  + "', whose record "
                  + (record == null ? "is missing" : "counts " + counted));
        }
      }
    }
  }

  private void checkAffinities() {
    for (Map.Entry<String, Affinity> e : affinities.entrySet()) {
      Affinity a = e.getValue();
      if (!a.confirmed()) {
        report(
            InconsistencyKind.UNFINISHED_AFFINITY,
            e.getKey(),
            "host '" + a.host() + "' has a " + a.state().text() + " affinity for " + a.cidr());
        continue;
      }
      Block b = blocks.get(IpamKeys.block(a.cidr()));
      if (b == null || !b.isAffineTo(a.host())) {
        report(
            InconsistencyKind.AFFINITY_WITHOUT_BLOCK,
            e.getKey(),
            "host '"
                + a.host()
                + "' holds a confirmed affinity for "
                + a.cidr()
                + (b == null
                    ? ", which does not exist"
                    : ", which names "
                        + (b.affinity() == null ? "no host" : "'" + b.affinity() + "'")));
      }
    }
  }

  private void report(InconsistencyKind kind, String key, String message) {
    found.add(new Inconsistency(kind, key, message));
  }
}
