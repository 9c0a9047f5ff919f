package dev.gingham.internal.bgp.rib;

/** The probe arithmetic the primitive maps share. */
final class OpenAddressing {
  private OpenAddressing() {}

  /**
   * Whether, after the slot {@code gap} was emptied, the entry at slot {@code i} whose home slot is
   * {@code home} must move back into the gap: true when its home is not cyclically in (gap, i].
   */
  static boolean movesBack(int home, int gap, int i) {
    return gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
  }
}
