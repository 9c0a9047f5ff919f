package dev.gingham.internal.bgp.rib;

import org.jspecify.annotations.Nullable;

/** Told when the best path of a prefix changes. Called on the event loop, synchronously. */
@FunctionalInterface
public interface BestPathListener {
  /**
   * The best path of prefix {@code id} changed.
   *
   * @param previous the best before, or null if there was none
   * @param best the best now, or null if there is none; the id stays valid during the call
   */
  void bestChanged(int id, @Nullable Candidate previous, @Nullable Candidate best);
}
