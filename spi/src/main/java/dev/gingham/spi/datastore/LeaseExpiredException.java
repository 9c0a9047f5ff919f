package dev.gingham.spi.datastore;

/** A lease is gone: it expired or was revoked, and its keys were deleted. */
public final class LeaseExpiredException extends DatastoreException {
  private final long leaseId;

  public LeaseExpiredException(long leaseId) {
    super("lease " + leaseId + " has expired or was revoked");
    this.leaseId = leaseId;
  }

  /** The lease's id. */
  public long leaseId() {
    return leaseId;
  }
}
