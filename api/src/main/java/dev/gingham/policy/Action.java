package dev.gingham.policy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a rule does to the packets it matches. */
public enum Action {
  /** Allows the packet for this direction; no later rule, policy or tier is consulted. */
  ALLOW("Allow"),
  /** Denies the packet. */
  DENY("Deny"),
  /** Skips the rest of this tier: evaluation goes on with the next tier, or the profiles. */
  PASS("Pass"),
  /** Logs the packet and goes on to the next rule. */
  LOG("Log");

  private final String text;

  Action(String text) {
    this.text = text;
  }

  /** The action as Calico spells it: {@code Allow}, {@code Deny}, {@code Pass} or {@code Log}. */
  public String text() {
    return text;
  }

  /**
   * Reads an action as Calico spells it.
   *
   * @throws IllegalArgumentException naming the text and the actions there are
   */
  public static Action parse(String text) {
    for (Action a : values()) {
      if (a.text.equals(text)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown action '"
            + text
            + "', expected one of "
            + Arrays.stream(values()).map(Action::text).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return text;
  }
}
