package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.AffinityCodec;
import dev.gingham.internal.ipam.codec.BlockCodec;
import dev.gingham.internal.ipam.codec.HandleCodec;
import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.internal.ipam.model.HandleRecord;
import dev.gingham.net.IpPrefix;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.Op;
import java.util.ArrayList;
import java.util.List;
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
    KeyValue kv = store.get(key).orElse(null);
    if (kv == null) {
      blocks.forget(key);
      return null;
    }
    return blocks.decode(kv);
  }

  Versioned<Block> block(KeyValue kv) {
    return blocks.decode(kv);
  }

  /** Every block, in key order. */
  List<Versioned<Block>> allBlocks() {
    List<KeyValue> items = store.listAll(IpamKeys.BLOCKS).items();
    List<Versioned<Block>> out = new ArrayList<>(items.size());
    for (KeyValue kv : items) {
      out.add(blocks.decode(kv));
    }
    return out;
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
    affinities.forget(key);
    handles.forget(key);
  }

  // --- affinities

  @Nullable Versioned<Affinity> affinity(String host, IpPrefix cidr) {
    String key = IpamKeys.affinity(host, cidr);
    KeyValue kv = store.get(key).orElse(null);
    if (kv == null) {
      affinities.forget(key);
      return null;
    }
    return affinities.decode(kv);
  }

  /** A host's affinities, in key order. */
  List<Versioned<Affinity>> affinitiesOf(String host) {
    List<KeyValue> items = store.listAll(IpamKeys.affinitiesOf(host)).items();
    List<Versioned<Affinity>> out = new ArrayList<>(items.size());
    for (KeyValue kv : items) {
      out.add(affinities.decode(kv));
    }
    return out;
  }

  static Op.Put put(Affinity affinity) {
    return new Op.Put(
        IpamKeys.affinity(affinity.host(), affinity.cidr()),
        AffinityCodec.encode(affinity),
        Lease.NONE);
  }

  Versioned<Affinity> written(Affinity affinity, long revision) {
    return affinities.remember(
        new Versioned<>(IpamKeys.affinity(affinity.host(), affinity.cidr()), revision, affinity));
  }

  // --- handles

  @Nullable Versioned<HandleRecord> handle(String handle) {
    String key = IpamKeys.handle(handle);
    KeyValue kv = store.get(key).orElse(null);
    if (kv == null) {
      handles.forget(key);
      return null;
    }
    return handles.decode(kv);
  }

  /** Every handle record, in key order. */
  List<Versioned<HandleRecord>> allHandles() {
    List<KeyValue> items = store.listAll(IpamKeys.HANDLES).items();
    List<Versioned<HandleRecord>> out = new ArrayList<>(items.size());
    for (KeyValue kv : items) {
      out.add(handles.decode(kv));
    }
    return out;
  }

  static Op.Put put(HandleRecord record) {
    return new Op.Put(IpamKeys.handle(record.handle()), HandleCodec.encode(record), Lease.NONE);
  }

  Versioned<HandleRecord> written(HandleRecord record, long revision) {
    return handles.remember(new Versioned<>(IpamKeys.handle(record.handle()), revision, record));
  }

  /** The revision a compare expects of a record read as {@code v}: 0 when it was absent. */
  static long revisionOf(@Nullable Versioned<?> v) {
    return v == null ? 0 : v.revision();
  }
}
