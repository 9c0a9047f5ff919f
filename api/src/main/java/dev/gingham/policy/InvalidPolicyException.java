package dev.gingham.policy;

/**
 * A policy resource is invalid. The message names the resource, the field and the bad value, as
 * {@code "NetworkPolicy prod/allow-web: ingress[0].destination.ports[1]: port 70000 is out of range
 * 0..65535"}.
 */
public class InvalidPolicyException extends IllegalArgumentException {
  private final String resource;
  private final String field;

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
  }

  /** The resource, as {@code "NetworkPolicy prod/allow-web"}. */
  public String resource() {
    return resource;
  }

  /** The field, as {@code "ingress[0].action"}. */
  public String field() {
    return field;
  }
}
