package dev.gingham.resource;

import java.util.List;

/**
 * A write too large for one transaction was split into several, and one of them failed: the changes
 * of the transactions before it are written, the rest are not. {@link #written()} says which; the
 * cause says why the next transaction failed.
 */
public final class PartialWriteException extends ResourceException {
  private final List<WriteResult.Outcome> written;

  public PartialWriteException(
      List<WriteResult.Outcome> written, int total, RuntimeException cause) {
    super(
        "wrote "
            + written.size()
            + " of "
            + total
            + " changes before a transaction failed: "
            + cause.getMessage(),
        cause);
    this.written = List.copyOf(written);
  }

  /** The changes that were written, in order. */
  public List<WriteResult.Outcome> written() {
    return written;
  }
}
