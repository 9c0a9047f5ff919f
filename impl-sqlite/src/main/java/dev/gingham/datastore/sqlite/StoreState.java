package dev.gingham.datastore.sqlite;

/**
 * The store-wide counters, as read in one transaction.
 *
 * @param revision the revision of the latest write (1 for an empty store)
 * @param compacted the latest revision whose history is gone (0 when none is)
 */
record StoreState(long revision, long compacted) {

  /** The oldest revision a watch can start from. */
  long oldestRevision() {
    return compacted + 1;
  }
}
