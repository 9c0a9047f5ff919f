package dev.gingham.ipam;

/**
 * An operation lost every one of its compare-and-swap races: other writers kept changing the
 * records it read. Each attempt re-read, re-decided and wrote nothing from stale data; the
 * operation gave up after a bounded number of them. It is safe to retry later: the attempts that
 * failed left nothing behind, though blocks claimed on the way may remain affine to the host.
 */
public final class ConflictException extends IpamException {
  private final String operation;
  private final int attempts;

  /**
   * @param operation what was being done, such as {@code autoAssign for handle 'h' on host 'a'}
   * @param attempts how many attempts were made
   */
  public ConflictException(String operation, int attempts) {
    super(operation + ": gave up after " + attempts + " conflicting attempts");
    this.operation = operation;
    this.attempts = attempts;
  }

  /** What was being done. */
  public String operation() {
    return operation;
  }

  /** How many attempts were made. */
  public int attempts() {
    return attempts;
  }
}
