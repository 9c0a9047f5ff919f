package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.AffinityState;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.ipam.IpPool;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block affinity: claiming blocks for hosts, and giving them up, with Calico's two-phase protocol.
 *
 * <p><b>Claim</b> ({@code ∅ → pending → confirmed}): the host first writes a <em>pending</em>
 * affinity for the block, which counts as absent; then one transaction creates the block, naming
 * the host, and confirms the affinity, on condition that the block is still absent and the pending
 * affinity unchanged. Of several hosts racing for one block exactly one creates it; the others find
 * it taken and remove their pending affinities. A host that finds the block already naming it
 * (another of its processes won, or an earlier attempt crashed between the phases) confirms its
 * affinity instead.
 *
 * <p><b>Release</b> ({@code confirmed → pendingDeletion → ∅}): the affinity is first marked
 * <em>pending deletion</em>, so that the host stops allocating from the block (its assignments
 * compare the affinity's revision); then one transaction deletes the block if it is empty, or
 * removes its affinity if not, and deletes the affinity record.
 *
 * <p>Thread-safe: the state is in the datastore.
 */
final class BlockClaims {
  /**
   * How long another host's block must have been empty before a host may reclaim it: Calico's
   * {@code EmptyBlockMinReclaimAge}, which keeps two hosts from passing a block back and forth
   * without either using it.
   */
  static final long RECLAIM_AGE_MILLIS = 60_000;

  /** How many fully reserved blocks one walk skips before it gives up on a pool. */
  private static final long SKIP_LIMIT = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(BlockClaims.class);

  private final Datastore store;
  private final Records records;

  BlockClaims(Records records) {
    this.store = records.store();
    this.records = records;
  }

  /** The settings changed under a claim: the attempt must start again from a fresh read. */
  static final class StaleSettings extends RuntimeException {
    static final StaleSettings INSTANCE = new StaleSettings();

    private StaleSettings() {
      super("the IPAM settings changed", null, false, false);
    }
  }

  /**
   * Claims a block for a host: walks each pool from the host's starting point and claims the first
   * block that does not exist; failing that, reclaims a block of another host that has been empty
   * for {@link #RECLAIM_AGE_MILLIS}. On the way it repairs a block that names the host whose
   * affinity is not confirmed.
   *
   * @param plan the attempt's plan, whose blocks are not claimed again
   * @return the claimed block, or null if there is none to claim
   * @throws StaleSettings if the settings changed meanwhile
   */
  @Nullable Claimed claim(HostView view, List<IpPool> pools, Settings s, Plan plan, long now) {
    String host = view.host();
    long cooldown = s.config().ipCooldown().toMillis();
    List<Versioned<Block>> reclaimable = new ArrayList<>();
    for (IpPool pool : pools) {
      BlockWalk walk = new BlockWalk(pool, host);
      long skipped = 0;
      for (long step = 0; step < walk.count(); step++) {
        IpPrefix cidr = walk.block(step);
        Versioned<Block> existing = view.existing(cidr);
        if (existing == null) {
          if (s.fullyReserved(cidr, pool)) {
            if (++skipped > SKIP_LIMIT) {
              LOG.warn(
                  "gave up walking pool {}: more than {} blocks are reserved", pool, SKIP_LIMIT);
              break;
            }
            continue;
          }
          Claimed claimed = tryClaim(host, cidr, s, now);
          if (claimed != null) {
            view.put(claimed.block());
            return claimed;
          }
          continue;
        }
        Block b = existing.value();
        if (b.isAffineTo(host)) {
          // The host's block, though its affinity was not among the confirmed ones filled first.
          if (!plan.has(existing.key())
              && Plan.hasRoom(b, s.reservedMask(cidr, pool), now, cooldown)) {
            Claimed claimed = confirm(host, existing);
            if (claimed != null) {
              return claimed;
            }
          }
        } else if (b.isEmpty()
            && (b.affinity() == null || now - b.emptySince() >= RECLAIM_AGE_MILLIS)) {
          reclaimable.add(existing);
        }
      }
    }
    for (Versioned<Block> block : reclaimable) {
      Block b = block.value();
      String owner = b.affinity();
      boolean freed =
          owner == null
              ? deleteIfAt(block.key(), block.revision())
              : release(owner, b.cidr(), block.revision(), true);
      if (!freed) {
        continue;
      }
      LOG.info("host {} reclaims block {}, empty since {}", host, b.cidr(), b.emptySince());
      view.remove(b.cidr());
      Claimed claimed = tryClaim(host, b.cidr(), s, now);
      if (claimed != null) {
        view.put(claimed.block());
        return claimed;
      }
    }
    return null;
  }

  /**
   * Claims one block for a host, in two phases.
   *
   * @return the block and the host's confirmed affinity, or null if the block is another's
   * @throws StaleSettings if the settings changed meanwhile
   */
  @Nullable Claimed tryClaim(String host, IpPrefix cidr, Settings s, long now) {
    Versioned<Affinity> claim = pending(host, cidr);
    if (claim == null) {
      return null;
    }
    // Start past any sequence number an earlier block of this CIDR used, as Calico does.
    Block block = Block.create(cidr, host, now * 1_000_000L, now);
    Affinity confirmed = claim.value().withState(AffinityState.CONFIRMED);
    String blockKey = IpamKeys.block(cidr);
    TxnResult result =
        store.txn(
            Txn.builder()
                .compare(
                    settingsAt(s),
                    Compare.absent(blockKey),
                    Records.at(claim.key(), claim.revision()))
                .onSuccess(Records.put(block), Records.put(confirmed))
                .build());
    if (result.succeeded()) {
      LOG.debug("host {} claimed block {}", host, cidr);
      return new Claimed(
          records.written(block, result.revision()), records.written(confirmed, result.revision()));
    }
    long settingsNow = store.get(IpamKeys.SETTINGS).map(KeyValue::modRevision).orElse(0L);
    if (settingsNow != s.revision()) {
      throw StaleSettings.INSTANCE;
    }
    Versioned<Block> existing = records.block(cidr);
    if (existing != null && existing.value().isAffineTo(host)) {
      return confirm(host, existing); // another process of this host won the block
    }
    // Another host won it: withdraw the claim, unless another claimer of this host took it over.
    deleteIfAt(claim.key(), claim.revision());
    return null;
  }

  /**
   * The host's affinity for a block made pending, or left as it is if it is pending or confirmed
   * already (a confirmed affinity whose block is absent is a leftover, which the claim's
   * transaction replaces).
   */
  private @Nullable Versioned<Affinity> pending(String host, IpPrefix cidr) {
    for (int i = 0; i < 3; i++) {
      Versioned<Affinity> current = records.affinity(host, cidr);
      if (current != null && current.value().state() != AffinityState.PENDING_DELETION) {
        return current;
      }
      Affinity want = new Affinity(host, cidr, AffinityState.PENDING);
      String key = IpamKeys.affinity(host, cidr);
      TxnResult result =
          store.txn(
              Txn.builder()
                  .compare(Records.unchanged(key, current))
                  .onSuccess(Records.put(want))
                  .build());
      if (result.succeeded()) {
        return records.written(want, result.revision());
      }
    }
    return null;
  }

  /**
   * Confirms the host's affinity for a block that names the host, on condition that neither has
   * changed.
   *
   * @return the block and the confirmed affinity, or null if either changed
   */
  @Nullable Claimed confirm(String host, Versioned<Block> block) {
    IpPrefix cidr = block.value().cidr();
    Versioned<Affinity> current = records.affinity(host, cidr);
    if (current != null && current.value().confirmed()) {
      return new Claimed(block, current);
    }
    Affinity want = new Affinity(host, cidr, AffinityState.CONFIRMED);
    TxnResult result =
        store.txn(
            Txn.builder()
                .compare(
                    Records.at(block.key(), block.revision()),
                    Records.unchanged(IpamKeys.affinity(host, cidr), current))
                .onSuccess(Records.put(want))
                .build());
    if (!result.succeeded()) {
      return null;
    }
    LOG.debug("host {} confirmed its affinity for block {}", host, cidr);
    return new Claimed(block, records.written(want, result.revision()));
  }

  /**
   * Gives up a host's affinity for a block, in two phases: its empty block is deleted, a block with
   * addresses in use loses its affinity and keeps them. An affinity whose block is gone or names
   * another host is just deleted.
   *
   * @param requiredBlockRevision the block revision the caller decided from, or -1 for any
   * @param requireEmpty give up unless the block is empty (for reclaiming)
   * @return whether the affinity is gone; false when a condition failed or a race was lost
   */
  boolean release(String host, IpPrefix cidr, long requiredBlockRevision, boolean requireEmpty) {
    Versioned<Block> block = records.block(cidr);
    if (requiredBlockRevision >= 0
        && (block == null || block.revision() != requiredBlockRevision)) {
      return false;
    }
    Versioned<Affinity> affinity = records.affinity(host, cidr);
    if (block == null || !block.value().isAffineTo(host)) {
      return affinity != null && deleteIfAt(affinity.key(), affinity.revision());
    }
    if (requireEmpty && !block.value().isEmpty()) {
      return false;
    }
    Versioned<Affinity> marked = affinity;
    if (affinity != null && affinity.value().state() != AffinityState.PENDING_DELETION) {
      Affinity leaving = affinity.value().withState(AffinityState.PENDING_DELETION);
      TxnResult result =
          store.txn(
              Txn.builder()
                  .compare(Records.at(affinity.key(), affinity.revision()))
                  .onSuccess(Records.put(leaving))
                  .build());
      if (!result.succeeded()) {
        return false;
      }
      marked = records.written(leaving, result.revision());
    }
    Block b = block.value();
    Txn.Builder txn =
        Txn.builder()
            .compare(
                Records.at(block.key(), block.revision()),
                Records.unchanged(IpamKeys.affinity(host, cidr), marked))
            .onSuccess(b.isEmpty() ? Op.delete(block.key()) : Records.put(b.withAffinity(null)));
    if (marked != null) {
      txn.onSuccess(Op.delete(marked.key()));
    }
    TxnResult result = store.txn(txn.build());
    if (result.succeeded()) {
      if (b.isEmpty()) {
        records.deleted(block.key());
      } else {
        records.written(b.withAffinity(null), result.revision());
      }
      if (marked != null) {
        records.deleted(marked.key());
      }
      LOG.info(
          "host {} gave up block {}{}", host, cidr, b.isEmpty() ? ", deleted" : ", kept unaffine");
      return true;
    }
    if (affinity != null && marked != affinity) {
      restore(host, affinity.value().state(), marked);
    }
    return false;
  }

  /**
   * Puts back an affinity marked for deletion whose release failed, if its block still names the
   * host: the host may use the block again. A failure here is harmless: the host's next claim walk
   * confirms the affinity of a block that names it.
   */
  private void restore(String host, AffinityState previous, Versioned<Affinity> marked) {
    Versioned<Block> block = records.block(marked.value().cidr());
    if (block == null || !block.value().isAffineTo(host)) {
      return;
    }
    Affinity back = marked.value().withState(previous);
    TxnResult result =
        store.txn(
            Txn.builder()
                .compare(
                    Records.at(marked.key(), marked.revision()),
                    Records.at(block.key(), block.revision()))
                .onSuccess(Records.put(back))
                .build());
    if (result.succeeded()) {
      records.written(back, result.revision());
    }
  }

  /** Deletes a key if it is still at a revision. */
  boolean deleteIfAt(String key, long revision) {
    boolean deleted =
        store
            .txn(Txn.builder().compare(Records.at(key, revision)).onSuccess(Op.delete(key)).build())
            .succeeded();
    if (deleted) {
      records.deleted(key);
    }
    return deleted;
  }

  static Compare settingsAt(Settings s) {
    return Records.at(IpamKeys.SETTINGS, s.revision());
  }
}
