package dev.gingham.spi.datastore;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a transaction did.
 *
 * @param succeeded whether every compare held, so that the success branch ran
 * @param revision the revision the transaction wrote, or the store revision it read at when it
 *     wrote nothing
 * @param results one result per operation of the branch that ran, in order
 */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) {
  public TxnResult {
    results = List.copyOf(results);
  }

  /** The result of one operation. */
  public sealed interface OpResult permits Written, Deleted, Found {}

  /** A put's result. */
  public record Written() implements OpResult {}

  /**
   * A delete's result.
   *
   * @param existed whether the key existed
   */
  public record Deleted(boolean existed) implements OpResult {}

  /**
   * A get's result.
   *
   * @param keyValue the key as read, or null when absent
   */
  public record Found(@Nullable KeyValue keyValue) implements OpResult {}

  /**
   * What the get at this index of the branch that ran read.
   *
   * @throws IllegalArgumentException if that operation is not a get
   */
  public Optional<KeyValue> found(int index) {
    if (results.get(index) instanceof Found found) {
      return Optional.ofNullable(found.keyValue());
    }
    throw new IllegalArgumentException(
        "operation " + index + " is not a get but " + results.get(index));
  }

  /**
   * Whether the delete at this index of the branch that ran removed a key.
   *
   * @throws IllegalArgumentException if that operation is not a delete
   */
  public boolean deleted(int index) {
    if (results.get(index) instanceof Deleted deleted) {
      return deleted.existed();
    }
    throw new IllegalArgumentException(
        "operation " + index + " is not a delete but " + results.get(index));
  }
}
