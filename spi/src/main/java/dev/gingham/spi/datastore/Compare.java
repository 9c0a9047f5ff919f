package dev.gingham.spi.datastore;

/**
 * A condition of a transaction on one key's modification revision. A key that does not exist has
 * revision 0, so {@code modRevision(key, EQUAL, 0)} means "absent" and {@code modRevision(key,
 * GREATER, 0)} means "present".
 *
 * @param key the key
 * @param operator how the key's revision is compared
 * @param revision the revision it is compared with
 */
public record Compare(String key, Operator operator, long revision) {

  /** How a revision is compared. */
  public enum Operator {
    EQUAL,
    NOT_EQUAL,
    LESS,
    GREATER;

    /** Whether {@code actual} relates to {@code expected} this way. */
    public boolean test(long actual, long expected) {
      return switch (this) {
        case EQUAL -> actual == expected;
        case NOT_EQUAL -> actual != expected;
        case LESS -> actual < expected;
        case GREATER -> actual > expected;
      };
    }
  }

  public Compare {
    Keys.requireValid(key);
    if (operator == null) {
      throw new IllegalArgumentException("compare on '" + key + "' needs an operator");
    }
    if (revision < 0) {
      throw new IllegalArgumentException(
          "compare on '" + key + "': revision must be >= 0, was " + revision);
    }
  }

  /** Compares a key's modification revision. */
  public static Compare modRevision(String key, Operator operator, long revision) {
    return new Compare(key, operator, revision);
  }

  /** Holds when the key does not exist. */
  public static Compare absent(String key) {
    return new Compare(key, Operator.EQUAL, 0);
  }

  /** Holds when the key exists. */
  public static Compare present(String key) {
    return new Compare(key, Operator.GREATER, 0);
  }

  /** Whether this compare holds for a key whose revision is {@code actual} (0 when absent). */
  public boolean test(long actual) {
    return operator.test(actual, revision);
  }
}
