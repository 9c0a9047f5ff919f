package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.PathAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of decoding one attribute section: interned attributes, or treat-as-withdraw with its
 * reason; plus the reason any attribute was discarded. Immutable, so that a session caches it by
 * the section's bytes.
 *
 * @param attributes the attributes, with the NEXT_HOP attribute's next hop; null when withdrawn
 * @param mpAttributes the attributes with MP_REACH_NLRI's next hop, or null without it
 * @param withdrawReason why the message is treated as a withdrawal, or null
 * @param discardReason why an attribute was discarded, or null
 */
public record DecodedAttributes(
    @Nullable PathAttributes attributes,
    @Nullable PathAttributes mpAttributes,
    @Nullable String withdrawReason,
    @Nullable String discardReason) {

  /** Treat-as-withdraw for the given reason. */
  static DecodedAttributes withdraw(String reason) {
    return new DecodedAttributes(null, null, reason, null);
  }
}
