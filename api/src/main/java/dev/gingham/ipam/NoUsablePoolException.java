package dev.gingham.ipam;

import dev.gingham.net.IpFamily;

/**
 * No pool can serve a request at all: none of the family is enabled, allows the use and selects the
 * host (for example an IPv6 request when every pool is IPv4). Unlike {@link
 * PoolExhaustedException}, more free addresses would not help.
 */
public final class NoUsablePoolException extends IpamException {
  private final IpFamily family;
  private final String host;

  /**
   * @param family the family asked for
   * @param host the host asked for
   * @param message why no pool qualified
   */
  public NoUsablePoolException(IpFamily family, String host, String message) {
    super(message);
    this.family = family;
    this.host = host;
  }

  /** The family asked for. */
  public IpFamily family() {
    return family;
  }

  /** The host asked for. */
  public String host() {
    return host;
  }
}
