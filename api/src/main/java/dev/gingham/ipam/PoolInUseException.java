package dev.gingham.ipam;

/** A pool cannot be deleted while addresses in it are assigned. Nothing was deleted. */
public final class PoolInUseException extends IpamException {
  private final String pool;
  private final long inUse;

  public PoolInUseException(String pool, long inUse) {
    super(
        "pool '"
            + pool
            + "' still has "
            + inUse
            + " address"
            + (inUse == 1 ? "" : "es")
            + " in use; release them before deleting it");
    this.pool = pool;
    this.inUse = inUse;
  }

  /** The pool's name. */
  public String pool() {
    return pool;
  }

  /** How many of its addresses were in use. */
  public long inUse() {
    return inUse;
  }
}
