package dev.gingham.policy;

/**
 * A policy resource is invalid. The message names the resource, the field and the bad value, as
 * {@code "NetworkPolicy prod/allow-web: ingress[0].destination.ports[1]: port 70000 is out of range
 * 0..65535"}.
 */
public class InvalidPolicyException extends IllegalArgumentException {
  private final String resource;
  private final String field;
  private final String problem;

  /**
   * Makes an exception.
   *
   * @param resource the resource, as {@code "NetworkPolicy prod/allow-web"}
   * @param field the field, as {@code "ingress[0].action"}
   * @param problem what is wrong, naming the value
   */
  public InvalidPolicyException(String resource, String field, String problem) {
    super(resource + ": " + field + ": " + problem);
    this.resource = resource;
    this.field = field;
    this.problem = problem;
  }

  /** The resource, as {@code "NetworkPolicy prod/allow-web"}. */
  public String resource() {
    return resource;
  }

  /** The field, as {@code "ingress[0].action"}. */
  public String field() {
    return field;
  }

  /** What is wrong, without the resource and field. */
  public String problem() {
    return problem;
  }
}
