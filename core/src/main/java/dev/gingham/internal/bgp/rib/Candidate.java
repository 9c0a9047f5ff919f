package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;

/**
 * One candidate path in the Loc-RIB: a source, the path identifier the source gave it (RFC 7911; 0
 * on a session without ADD-PATH) and the attributes after import policy. Interned by its {@link
 * PathSource}, so identity comparison means "same path". Immutable.
 *
 * @param source where it came from
 * @param pathId the path identifier received with it, 0 without ADD-PATH
 * @param attributes its attributes, interned
 */
public record Candidate(PathSource source, int pathId, PathAttributes attributes) {
  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /** Whether this candidate fills the slot of {@code source}'s path {@code pathId}. */
  public boolean isSlot(PathSource source, int pathId) {
    return this.source == source && this.pathId == pathId;
  }

  @Override
  public String toString() {
    return "from "
        + source
        + (pathId != 0 ? " path " + Integer.toUnsignedString(pathId) : "")
        + ": "
        + attributes;
  }
}
