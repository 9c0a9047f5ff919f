package dev.gingham.ipam;

/** A pool named by a request, or by its name or CIDR, does not exist. */
public final class NoSuchPoolException extends IpamException {
  private final String pool;

  /**
   * @param pool the name or CIDR that was asked for
   */
  public NoSuchPoolException(String pool) {
    super("no pool '" + pool + "'");
    this.pool = pool;
  }

  /** The name or CIDR that was asked for. */
  public String pool() {
    return pool;
  }
}
