package dev.gingham.internal.routing;

import dev.gingham.net.IpPrefix;
import java.util.Objects;

/**
 * A block affine to another node.
 *
 * @param block the block
 * @param node the node's name
 */
public record RemoteBlock(IpPrefix block, String node) {
  public RemoteBlock {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(node, "node");
  }
}
