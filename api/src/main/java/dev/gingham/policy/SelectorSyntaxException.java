package dev.gingham.policy;

/**
 * Selector text does not parse. The message quotes the text, gives the position and says what was
 * expected there, as {@code "selector 'a == ': at 5: expected a quoted string"}.
 */
public class SelectorSyntaxException extends IllegalArgumentException {
  private final String text;
  private final int position;

  /**
   * Makes an exception.
   *
   * @param text the selector text
   * @param position the index in {@code text} where parsing failed
   * @param expected what was expected there
   */
  public SelectorSyntaxException(String text, int position, String expected) {
    super("selector '" + text + "': at " + position + ": " + expected);
    this.text = text;
    this.position = position;
  }

  /** The text that failed to parse. */
  public String text() {
    return text;
  }

  /** The index in {@link #text()} where parsing failed. */
  public int position() {
    return position;
  }
}
