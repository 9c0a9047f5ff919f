package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;
import dev.gingham.ipam.IpPool;
import dev.gingham.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one attempt of an assignment has read: the host's affinities, and the blocks its steps
 * looked at, updated with the blocks the attempt claims. Read lazily, and narrowly while that is
 * cheaper: a claim walk looks its first {@value #PROBES} blocks up one by one (it usually finds a
 * free block among them, whatever the number of blocks in the store), and only then lists every
 * block, as borrowing and reclaiming need. Not thread-safe: one per attempt.
 */
final class HostView {
  /** How many blocks are looked up one by one before every block is listed instead. */
  static final int PROBES = 16;

  private final Records records;
  private final String host;
  private final boolean optimistic;
  private @Nullable List<Versioned<Affinity>> affinities;
  private @Nullable Map<IpPrefix, Versioned<Block>> blocks;
  private final Map<IpPrefix, @Nullable Versioned<Block>> probed = new HashMap<>();

  /**
   * @param optimistic whether the host's affinities may be taken as this process last listed them
   *     (an optimistic attempt), rather than read now
   */
  HostView(Records records, String host, boolean optimistic) {
    this.records = records;
    this.host = host;
    this.optimistic = optimistic;
  }

  String host() {
    return host;
  }

  /** The host's affinities, in every state, in key order. */
  List<Versioned<Affinity>> affinities() {
    List<Versioned<Affinity>> list = affinities;
    if (list == null) {
      list = optimistic ? records.knownAffinitiesOf(host) : records.affinitiesOf(host);
      affinities = list;
    }
    return list;
  }

  /** The block with this CIDR as the attempt knows it, or null if it does not exist. */
  @Nullable Versioned<Block> existing(IpPrefix cidr) {
    if (blocks == null && !probed.containsKey(cidr) && probed.size() < PROBES) {
      probed.put(cidr, records.block(cidr));
    }
    if (blocks == null && probed.containsKey(cidr)) {
      return probed.get(cidr);
    }
    return blocks().get(cidr);
  }

  /** The pool's blocks that exist, in address order. */
  List<Versioned<Block>> blocksIn(IpPool pool) {
    List<Versioned<Block>> in = new ArrayList<>();
    for (Map.Entry<IpPrefix, Versioned<Block>> e : blocks().entrySet()) {
      IpPrefix cidr = e.getKey();
      if (cidr.length() == pool.blockSize() && pool.cidr().contains(cidr)) {
        in.add(e.getValue());
      }
    }
    in.sort((a, b) -> a.value().cidr().compareTo(b.value().cidr()));
    return in;
  }

  /** Notes a block this attempt claimed, or changed. */
  void put(Versioned<Block> block) {
    IpPrefix cidr = block.value().cidr();
    if (blocks != null) {
      blocks.put(cidr, block);
    } else {
      probed.put(cidr, block);
    }
  }

  /** Notes a block this attempt deleted. */
  void remove(IpPrefix cidr) {
    if (blocks != null) {
      blocks.remove(cidr);
    } else {
      probed.put(cidr, null);
    }
  }

  private Map<IpPrefix, Versioned<Block>> blocks() {
    Map<IpPrefix, Versioned<Block>> all = blocks;
    if (all == null) {
      all = new HashMap<>();
      // Read after every probe and every write of this attempt, so at least as fresh as those.
      for (Versioned<Block> block : records.allBlocks()) {
        all.put(block.value().cidr(), block);
      }
      blocks = all;
    }
    return all;
  }
}
