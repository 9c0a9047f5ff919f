package dev.gingham.ipam;

import dev.gingham.net.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * How one block's addresses are used. Every address is counted exactly once: {@code inUse +
 * reserved + free == size}.
 *
 * @param cidr the block
 * @param host the host it is affine to, or null for none
 * @param size how many addresses it has
 * @param inUse how many are assigned, reserved ones included
 * @param reserved how many of the others are never handed out (reservations and the pool's block
 *     edges)
 * @param free how many of the others can be handed out, those still cooling down included
 */
public record BlockUsage(
    IpPrefix cidr, @Nullable String host, int size, int inUse, int reserved, int free) {
  public BlockUsage {
    if (inUse < 0 || reserved < 0 || free < 0 || inUse + reserved + free != size) {
      throw new IllegalArgumentException(
          "usage of block "
              + cidr
              + " does not add up: "
              + inUse
              + " in use + "
              + reserved
              + " reserved + "
              + free
              + " free != "
              + size);
    }
  }
}
