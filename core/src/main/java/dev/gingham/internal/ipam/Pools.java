package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.PoolCodec;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpamNames;
import dev.gingham.ipam.NoSuchPoolException;
import dev.gingham.ipam.PoolInUseException;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates, changes and deletes pools, enforcing what holds between pools: no two overlap, and a
 * pool's CIDR and block size never change (blocks already cut would no longer fit). Thread-safe.
 */
final class Pools {
  private final Datastore store;
  private final Records records;
  private final SettingsStore settings;
  private final BlockClaims claims;
  private final Attempts attempts;

  Pools(Records records, SettingsStore settings, BlockClaims claims, Attempts attempts) {
    this.store = records.store();
    this.records = records;
    this.settings = settings;
    this.claims = claims;
    this.attempts = attempts;
  }

  IpPool create(IpPool pool) {
    Objects.requireNonNull(pool, "pool");
    settings.write(
        "creating pool '" + pool.name() + "'",
        s -> {
          if (s.poolRecord(pool.name()) != null) {
            throw new InvalidPoolException(pool.name(), "a pool of that name exists");
          }
          requireNoOverlap(pool, s.pools());
          return new SettingsStore.Change(IpamKeys.pool(pool.name()), 0, PoolCodec.encode(pool));
        });
    return pool;
  }

  /**
   * Checks that a pool overlaps none of the others (a pool of its own name among them is skipped).
   *
   * @throws InvalidPoolException naming the pool it overlaps
   */
  static void requireNoOverlap(IpPool pool, Iterable<IpPool> others) {
    for (IpPool other : others) {
      if (!other.name().equals(pool.name()) && other.cidr().overlaps(pool.cidr())) {
        throw new InvalidPoolException(
            pool.name(),
            pool.cidr() + " overlaps pool '" + other.name() + "' (" + other.cidr() + ")");
      }
    }
  }

  /**
   * Checks that a pool may replace what it was: same CIDR, same block size.
   *
   * @throws InvalidPoolException naming what would change
   */
  static void requireCompatible(IpPool was, IpPool pool) {
    if (!was.cidr().equals(pool.cidr())) {
      throw new InvalidPoolException(
          pool.name(),
          "the CIDR cannot change, from "
              + was.cidr()
              + " to "
              + pool.cidr()
              + "; create another pool instead");
    }
    if (was.blockSize() != pool.blockSize()) {
      throw new InvalidPoolException(
          pool.name(),
          "the block size cannot change, from /"
              + was.blockSize()
              + " to /"
              + pool.blockSize()
              + "; blocks already cut would not fit");
    }
  }

  IpPool update(IpPool pool) {
    Objects.requireNonNull(pool, "pool");
    settings.write(
        "updating pool '" + pool.name() + "'",
        s -> {
          Versioned<IpPool> current = s.poolRecord(pool.name());
          if (current == null) {
            throw new NoSuchPoolException(pool.name());
          }
          IpPool was = current.value();
          requireCompatible(was, pool);
          if (was.equals(pool)) {
            return null;
          }
          return new SettingsStore.Change(
              current.key(), current.revision(), PoolCodec.encode(pool));
        });
    return pool;
  }

  /**
   * Deletes a pool: disables it (so that nothing is assigned from it meanwhile: every assignment
   * compares the settings epoch), checks that none of its addresses is in use, deletes its blocks
   * and their affinities, then the pool. If addresses are in use it is enabled again, if it was.
   */
  void delete(String name) {
    IpamNames.requireResourceName("pool name", name);
    Versioned<IpPool> current = settings.current().poolRecord(name);
    if (current == null) {
      throw new NoSuchPoolException(name);
    }
    IpPool pool = current.value();
    long inUse = inUse(pool);
    if (inUse > 0) {
      throw new PoolInUseException(name, inUse); // refused before anything is written
    }
    boolean wasDisabled = pool.disabled();
    if (!wasDisabled) {
      setDisabled(name, true);
    }
    // Addresses may have been assigned between the check and the disabling: look again.
    inUse = inUse(pool);
    if (inUse > 0) {
      if (!wasDisabled) {
        setDisabled(name, false);
      }
      throw new PoolInUseException(name, inUse);
    }
    for (int attempt = 1; ; attempt++) {
      List<Versioned<Block>> left = blocksOf(pool);
      boolean done = true;
      for (Versioned<Block> block : left) {
        done &= deleteBlock(block);
      }
      if (done) {
        break;
      }
      attempts.backoff(attempt, () -> "deleting the blocks of pool '" + name + "'");
    }
    settings.write(
        "deleting pool '" + name + "'",
        s -> {
          Versioned<IpPool> record = s.poolRecord(name);
          return record == null
              ? null
              : new SettingsStore.Change(record.key(), record.revision(), null);
        });
  }

  private void setDisabled(String name, boolean disabled) {
    settings.write(
        (disabled ? "disabling" : "enabling") + " pool '" + name + "'",
        s -> {
          Versioned<IpPool> record = s.poolRecord(name);
          if (record == null) {
            throw new NoSuchPoolException(name);
          }
          IpPool changed = record.value().toBuilder().disabled(disabled).build();
          return new SettingsStore.Change(
              record.key(), record.revision(), PoolCodec.encode(changed));
        });
  }

  private long inUse(IpPool pool) {
    long inUse = 0;
    for (Versioned<Block> block : blocksOf(pool)) {
      inUse += block.value().inUse();
    }
    return inUse;
  }

  private List<Versioned<Block>> blocksOf(IpPool pool) {
    List<Versioned<Block>> in = new ArrayList<>();
    for (Versioned<Block> block : records.allBlocks()) {
      if (pool.cidr().contains(block.value().cidr())) {
        in.add(block);
      }
    }
    return in;
  }

  /** Deletes an empty block and its host's affinity; false if either changed meanwhile. */
  private boolean deleteBlock(Versioned<Block> block) {
    Block b = block.value();
    if (!b.isEmpty()) {
      // Cannot happen: the pool was disabled before its blocks were found empty.
      throw new IllegalStateException("block " + b.cidr() + " of a disabled pool gained addresses");
    }
    String host = b.affinity();
    if (host == null) {
      return claims.deleteIfAt(block.key(), block.revision());
    }
    Versioned<Affinity> affinity = records.affinity(host, b.cidr());
    Txn.Builder txn =
        Txn.builder()
            .compare(
                Records.at(block.key(), block.revision()),
                Records.unchanged(IpamKeys.affinity(host, b.cidr()), affinity))
            .onSuccess(Op.delete(block.key()));
    if (affinity != null) {
      txn.onSuccess(Op.delete(affinity.key()));
    }
    if (!store.txn(txn.build()).succeeded()) {
      return false;
    }
    records.deleted(block.key());
    if (affinity != null) {
      records.deleted(affinity.key());
    }
    return true;
  }
}
