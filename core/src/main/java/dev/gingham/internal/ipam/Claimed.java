package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.model.Affinity;
import dev.gingham.internal.ipam.model.Block;

/**
 * A block that is the host's, with its confirmed affinity, both as read or written: what an
 * assignment from it compares.
 */
record Claimed(Versioned<Block> block, Versioned<Affinity> affinity) {}
