package dev.gingham.spi.datastore;

/**
 * A compare-and-swap found its key at another revision than the caller read: someone else wrote it
 * first. Nothing was written; re-read, re-decide and retry.
 */
public final class RevisionMismatchException extends DatastoreException {
  private final String key;
  private final long expectedRevision;
  private final long actualRevision;

  public RevisionMismatchException(String key, long expectedRevision, long actualRevision) {
    super(
        "key '"
            + key
            + "' is at revision "
            + (actualRevision == 0 ? "0 (absent)" : actualRevision)
            + ", not the expected "
            + expectedRevision);
    this.key = key;
    this.expectedRevision = expectedRevision;
    this.actualRevision = actualRevision;
  }

  /** The key. */
  public String key() {
    return key;
  }

  /** The revision the caller expected. */
  public long expectedRevision() {
    return expectedRevision;
  }

  /** The revision found, 0 when the key is absent. */
  public long actualRevision() {
    return actualRevision;
  }
}
