package dev.gingham.resource;

/**
 * A delete would leave something dangling: a tier that policies name, a profile that endpoints
 * name, a pool with addresses assigned. Nothing was written.
 */
public final class ResourceInUseException extends ResourceException {
  private final ResourceId id;

  public ResourceInUseException(ResourceId id, String usedBy) {
    super(id + " is in use: " + usedBy);
    this.id = id;
  }

  /** The resource. */
  public ResourceId id() {
    return id;
  }
}
