package dev.gingham.ipam;

import dev.gingham.net.IpPrefix;

/** A request named a disabled pool, or an address inside one: disabled pools hand nothing out. */
public final class PoolDisabledException extends IpamException {
  private final String pool;
  private final IpPrefix cidr;

  public PoolDisabledException(String pool, IpPrefix cidr) {
    super("pool '" + pool + "' (" + cidr + ") is disabled");
    this.pool = pool;
    this.cidr = cidr;
  }

  /** The pool's name. */
  public String pool() {
    return pool;
  }

  /** The pool's CIDR. */
  public IpPrefix cidr() {
    return cidr;
  }
}
