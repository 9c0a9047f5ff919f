package dev.gingham.ipam;

/**
 * A pool is not valid, on its own (a block size out of range, IPIP on IPv6, a pool smaller than one
 * block...) or beside the others (it overlaps one, or an update changes what cannot change).
 */
public final class InvalidPoolException extends IpamException {
  private final String pool;

  /**
   * @param pool the pool's name
   * @param message what is wrong, naming the values
   */
  public InvalidPoolException(String pool, String message) {
    super("invalid pool '" + pool + "': " + message);
    this.pool = pool;
  }

  /** The pool's name. */
  public String pool() {
    return pool;
  }
}
