package dev.gingham.resource;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ResourceStore#write(List) write} did.
 *
 * @param outcomes one per change, in the order of the changes
 * @param transactions how many datastore transactions it took: 1 when the changes fit one (or 0
 *     when nothing changed), more when they had to be split
 */
public record WriteResult(List<Outcome> outcomes, int transactions) {
  public WriteResult {
    outcomes = List.copyOf(outcomes);
  }

  /** What a change did. */
  public enum Action {
    /** The resource did not exist and now does. */
    CREATED,
    /** The resource existed and was changed. */
    CONFIGURED,
    /** The resource existed and said the same already: nothing was written. */
    UNCHANGED,
    /** The resource was deleted. */
    DELETED
  }

  /**
   * What one change did.
   *
   * @param id the resource
   * @param action what happened to it
   * @param resource the resource as stored (with its new resource version), or null when deleted
   */
  public record Outcome(ResourceId id, Action action, @Nullable Resource<?> resource) {}
}
