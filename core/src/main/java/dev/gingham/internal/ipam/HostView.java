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
 * What one attempt of an assignment has read: the host's affinities, and every block once a step
 * needs them, updated with the blocks the attempt claims. Read lazily: the common case, a host with
 * room in its own blocks, reads no block it does not use. Not thread-safe: one per attempt.
 */
final class HostView {
  private final Records records;
  private final String host;
  private @Nullable List<Versioned<Affinity>> affinities;
  private @Nullable Map<IpPrefix, Versioned<Block>> blocks;

  HostView(Records records, String host) {
    this.records = records;
    this.host = host;
  }

  String host() {
    return host;
  }

  /** The host's affinities, in every state, in key order. */
  List<Versioned<Affinity>> affinities() {
    List<Versioned<Affinity>> list = affinities;
    if (list == null) {
      list = records.affinitiesOf(host);
      affinities = list;
    }
    return list;
  }

  /** The block with this CIDR, if it existed when the blocks were listed or was claimed since. */
  @Nullable Versioned<Block> existing(IpPrefix cidr) {
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
    blocks().put(block.value().cidr(), block);
  }

  /** Notes a block this attempt deleted. */
  void remove(IpPrefix cidr) {
    blocks().remove(cidr);
  }

  private Map<IpPrefix, Versioned<Block>> blocks() {
    Map<IpPrefix, Versioned<Block>> all = blocks;
    if (all == null) {
      all = new HashMap<>();
      for (Versioned<Block> block : records.allBlocks()) {
        all.put(block.value().cidr(), block);
      }
      blocks = all;
    }
    return all;
  }
}
