package dev.gingham.ipam;

import dev.gingham.net.IpFamily;
import dev.gingham.net.IpPrefix;
import java.util.List;

/**
 * The pools a request may use have fewer free addresses for its host than it asked for: every
 * affine block is full, no block could be claimed or reclaimed, and borrowing was not allowed or
 * found nothing. No address was assigned.
 */
public final class PoolExhaustedException extends IpamException {
  private final IpFamily family;
  private final int requested;
  private final int available;
  private final List<IpPrefix> poolsTried;

  /**
   * @param family the family that ran out
   * @param requested how many addresses of it were asked for
   * @param available how many could have been assigned
   * @param poolsTried the CIDRs of the pools that were tried, in the order tried
   * @param message the whole message, naming the pools
   */
  public PoolExhaustedException(
      IpFamily family, int requested, int available, List<IpPrefix> poolsTried, String message) {
    super(message);
    this.family = family;
    this.requested = requested;
    this.available = available;
    this.poolsTried = List.copyOf(poolsTried);
  }

  /** The family that ran out. */
  public IpFamily family() {
    return family;
  }

  /** How many addresses of the family were asked for. */
  public int requested() {
    return requested;
  }

  /** How many could have been assigned. */
  public int available() {
    return available;
  }

  /** The CIDRs of the pools that were tried, in the order tried. */
  public List<IpPrefix> poolsTried() {
    return poolsTried;
  }
}
