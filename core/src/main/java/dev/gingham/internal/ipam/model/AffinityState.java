package dev.gingham.internal.ipam.model;

/**
 * Where a block affinity is in its life, as Calico names the states: {@code pending → confirmed →
 * pendingDeletion → gone}. Only a confirmed affinity makes a block the host's; a pending one counts
 * as absent.
 */
public enum AffinityState {
  /** The host means to claim the block, and has not yet created it. */
  PENDING("pending"),
  /** The host owns the block: the block names it. */
  CONFIRMED("confirmed"),
  /** The host is giving the block up: it must not allocate from it any more. */
  PENDING_DELETION("pendingDeletion");

  private final String text;

  AffinityState(String text) {
    this.text = text;
  }

  /** The stored spelling. */
  public String text() {
    return text;
  }

  /**
   * The state with this stored spelling.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static AffinityState parse(String text) {
    for (AffinityState state : values()) {
      if (state.text.equals(text)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "affinity state must be pending, confirmed or pendingDeletion, was '" + text + "'");
  }
}
