package dev.gingham.ipam;

import dev.gingham.net.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * Strict affinity forbids an assignment: the address's block is affine to another host, or to none.
 * Nothing changed.
 */
public final class AffinityConflictException extends IpamException {
  private final IpPrefix block;
  private final @Nullable String owner;

  /**
   * @param block the block
   * @param owner the host the block is affine to, or null for none
   * @param host the host that asked, or null when the request named none
   */
  public AffinityConflictException(IpPrefix block, @Nullable String owner, @Nullable String host) {
    super(
        "strict affinity: block "
            + block
            + (owner == null ? " has no affinity" : " is affine to host '" + owner + "'")
            + (host == null ? " and the request names no host" : ", not to '" + host + "'"));
    this.block = block;
    this.owner = owner;
  }

  /** The block. */
  public IpPrefix block() {
    return block;
  }

  /** The host the block is affine to, or null for none. */
  public @Nullable String owner() {
    return owner;
  }
}
