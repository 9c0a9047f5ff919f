package dev.gingham.ipam;

import dev.gingham.net.IpAddress;
import dev.gingham.net.IpPrefix;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One assigned address, as its block records it.
 *
 * @param address the address
 * @param handle the handle it belongs to
 * @param attributes the attributes stored with it
 * @param block the block that holds it
 * @param blockHost the host the block is affine to, or null for none (the address may have been
 *     borrowed by another host)
 * @param sequence the block's sequence number when the address was assigned: a new assignment of
 *     the same address always has another, so that a stale release can be told apart
 */
public record Allocation(
    IpAddress address,
    String handle,
    Map<String, String> attributes,
    IpPrefix block,
    @Nullable String blockHost,
    long sequence) {
  public Allocation {
    attributes = Map.copyOf(attributes);
  }
}
