package dev.gingham.ipam;

/** What {@link Ipam#check()} can find wrong. */
public enum InconsistencyKind {
  /** A record does not decode, or contradicts itself or its key. */
  CORRUPT_RECORD,
  /** A handle record counts more addresses in a block than the block holds for it: a leak. */
  LEAKED_HANDLE,
  /** A block holds addresses for a handle whose record is missing or counts fewer. */
  ALLOCATION_WITHOUT_HANDLE,
  /** A block names a host that holds no confirmed affinity for it. */
  BLOCK_WITHOUT_AFFINITY,
  /** A confirmed affinity whose block is missing or names another host. */
  AFFINITY_WITHOUT_BLOCK,
  /** An affinity left pending or pending deletion: a claim or release that did not finish. */
  UNFINISHED_AFFINITY,
  /** A block with no affinity and no address in use, which should have been deleted. */
  EMPTY_BLOCK_WITHOUT_AFFINITY,
  /** A block that no pool contains with its block size. */
  BLOCK_OUTSIDE_POOLS,
  /** Two pools that overlap. */
  OVERLAPPING_POOLS
}
