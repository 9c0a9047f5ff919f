package dev.gingham.resource;

import org.jspecify.annotations.Nullable;

/**
 * A resource, or a document meant to be one, is invalid. The message names where it came from (a
 * file and document, when known), the resource, the field and the reason, as {@code pools.yaml:
 * document 2: IPPool pool-a: spec.cidr: '10.0.0.0/33' is not a CIDR}. Nothing was written.
 */
public class InvalidResourceException extends IllegalArgumentException {
  private final @Nullable String source;
  private final @Nullable String resource;
  private final String field;
  private final String problem;

  /**
   * Makes an exception.
   *
   * @param source where the document came from, as {@code pools.yaml: document 2}, or null
   * @param resource the resource, as {@code IPPool pool-a}, or null when not known yet
   * @param field the field, as {@code spec.cidr}, or {@code (document)} for the whole document
   * @param problem what is wrong, naming the value
   */
  public InvalidResourceException(
      @Nullable String source, @Nullable String resource, String field, String problem) {
    super(message(source, resource, field, problem));
    this.source = source;
    this.resource = resource;
    this.field = field;
    this.problem = problem;
  }

  /** An exception about a field, with no source or resource known yet. */
  public InvalidResourceException(String field, String problem) {
    this(null, null, field, problem);
  }

  private static String message(
      @Nullable String source, @Nullable String resource, String field, String problem) {
    StringBuilder m = new StringBuilder();
    if (source != null) {
      m.append(source).append(": ");
    }
    if (resource != null) {
      m.append(resource).append(": ");
    }
    return m.append(field).append(": ").append(problem).toString();
  }

  /**
   * This exception with the source and resource filled in where they are missing.
   *
   * @param source where the document came from, or null to keep this one's
   * @param resource the resource, or null to keep this one's
   */
  public InvalidResourceException locate(@Nullable String source, @Nullable String resource) {
    InvalidResourceException e =
        new InvalidResourceException(
            this.source != null ? this.source : source,
            this.resource != null ? this.resource : resource,
            field,
            problem);
    e.initCause(this);
    return e;
  }

  /** Where the document came from, or null. */
  public @Nullable String source() {
    return source;
  }

  /** The resource, as {@code IPPool pool-a}, or null. */
  public @Nullable String resource() {
    return resource;
  }

  /** The field, as {@code spec.cidr}. */
  public String field() {
    return field;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }
}
