package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.AffinityCodec;
import dev.gingham.internal.ipam.codec.BlockCodec;
import dev.gingham.internal.ipam.codec.HandleCodec;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of blocks, affinities and handles, each decoded once per revision, and the write
 * operations that keep the caches current. Thread-safe.
 */
final class Records {
  private final Datastore store;
  private final DecodeCache<Block> blocks =
      new DecodeCache<>(BlockCodec::decode, b -> IpamKeys.block(b.cidr()));
  private final DecodeCache<Affinity> affinities =
      new DecodeCache<>(AffinityCodec::decode, a -> IpamKeys.affinity(a.host(), a.cidr()));
  private final DecodeCache<HandleRecord> handles =
      new DecodeCache<>(HandleCodec::decode, h -> IpamKeys.handle(h.handle()));

  /** Each host's affinities as last listed; dropped when this process writes one of them. */
  private final ConcurrentHashMap<String, List<Versioned<Affinity>>> hostAffinities =
      new ConcurrentHashMap<>();

  Records(Datastore store) {
    this.store = store;
  }

  Datastore store() {
    return store;
  }

  // --- blocks

  @Nullable Versioned<Block> block(IpPrefix cidr) {
    return block(IpamKeys.block(cidr));
  }

  @Nullable Versioned<Block> block(String key) {
    return read(blocks, key);
  }

  /** The block as this process last read or wrote it, or null if it knows none: no read. */
  @Nullable Versioned<Block> knownBlock(IpPrefix cidr) {
    return blocks.known(IpamKeys.block(cidr));
  }

  Versioned<Block> block(KeyValue kv) {
    return blocks.decode(kv);
  }

  /** Every block, in key order. */
  List<Versioned<Block>> allBlocks() {
    return readAll(blocks, IpamKeys.BLOCKS);
  }

  /** A put of a block, with the value not copied again: the encoder's array is never reused. */
  static Op.Put put(Block block) {
    return new Op.Put(IpamKeys.block(block.cidr()), BlockCodec.encode(block), Lease.NONE);
  }

  Versioned<Block> written(Block block, long revision) {
    return blocks.remember(new Versioned<>(IpamKeys.block(block.cidr()), revision, block));
  }

  void deleted(String key) {
    blocks.forget(key);
    if (key.startsWith(IpamKeys.AFFINITIES)) {
      hostAffinities.clear();
    }
    affinities.forget(key);
    handles.forget(key);
  }

  // --- affinities

  @Nullable Versioned<Affinity> affinity(String host, IpPrefix cidr) {
    return read(affinities, IpamKeys.affinity(host, cidr));
  }

  /** A host's affinities, in key order. */
  List<Versioned<Affinity>> affinitiesOf(String host) {
    List<Versioned<Affinity>> list = List.copyOf(readAll(affinities, IpamKeys.affinitiesOf(host)));
    hostAffinities.put(host, list);
    return list;
  }

  /** A host's affinities as this process last listed them, else as they are now. */
  List<Versioned<Affinity>> knownAffinitiesOf(String host) {
    List<Versioned<Affinity>> list = hostAffinities.get(host);
    return list != null ? list : affinitiesOf(host);
  }

  static Op.Put put(Affinity affinity) {
    return new Op.Put(
        IpamKeys.affinity(affinity.host(), affinity.cidr()),
        AffinityCodec.encode(affinity),
        Lease.NONE);
  }

  Versioned<Affinity> written(Affinity affinity, long revision) {
    hostAffinities.remove(affinity.host());
    return affinities.remember(
        new Versioned<>(IpamKeys.affinity(affinity.host(), affinity.cidr()), revision, affinity));
  }

  // --- handles

  @Nullable Versioned<HandleRecord> handle(String handle) {
    return read(handles, IpamKeys.handle(handle));
  }

  /** Every handle record, in key order. */
  List<Versioned<HandleRecord>> allHandles() {
    return readAll(handles, IpamKeys.HANDLES);
  }

  static Op.Put put(HandleRecord record) {
    return new Op.Put(IpamKeys.handle(record.handle()), HandleCodec.encode(record), Lease.NONE);
  }

  /** The handle record as this process last read or wrote it, or null if it knows none: no read. */
  @Nullable Versioned<HandleRecord> knownHandle(String handle) {
    return handles.known(IpamKeys.handle(handle));
  }

  Versioned<HandleRecord> written(HandleRecord record, long revision) {
    return handles.remember(new Versioned<>(IpamKeys.handle(record.handle()), revision, record));
  }

  private <T> @Nullable Versioned<T> read(DecodeCache<T> cache, String key) {
    KeyValue kv = store.get(key).orElse(null);
    if (kv == null) {
      cache.forget(key);
      return null;
    }
    return cache.decode(kv);
  }

  private <T> List<Versioned<T>> readAll(DecodeCache<T> cache, String prefix) {
    List<KeyValue> items = store.listAll(prefix).items();
    List<Versioned<T>> out = new ArrayList<>(items.size());
    for (KeyValue kv : items) {
      out.add(cache.decode(kv));
    }
    return out;
  }

  /** A compare that holds while a key is still at a revision (0: still absent). */
  static Compare at(String key, long revision) {
    return Compare.modRevision(key, Compare.Operator.EQUAL, revision);
  }

  /** A compare that holds while a record is still as it was read (absent when null). */
  static Compare unchanged(String key, @Nullable Versioned<?> read) {
    return at(key, revisionOf(read));
  }

  /** The revision a compare expects of a record read as {@code v}: 0 when it was absent. */
  static long revisionOf(@Nullable Versioned<?> v) {
    return v == null ? 0 : v.revision();
  }
}
