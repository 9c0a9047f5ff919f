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

  /**
   * A candidate of prefix {@code id} came, went or changed while the best path stayed: only
   * sessions that send several paths (ADD-PATH) care. Nothing by default.
   */
  default void pathsChanged(int id) {}
}
