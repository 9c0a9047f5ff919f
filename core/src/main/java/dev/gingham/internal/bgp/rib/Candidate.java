package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;

/**
 * One candidate path in the Loc-RIB: a source and the attributes after import policy. Interned by
 * its {@link PathSource}, so identity comparison means "same path". Immutable.
 *
 * @param source where it came from
 * @param attributes its attributes, interned
 */
public record Candidate(PathSource source, PathAttributes attributes) {
  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "from " + source + ": " + attributes;
  }
}
