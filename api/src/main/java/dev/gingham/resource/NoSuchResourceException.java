package dev.gingham.resource;

/** A replace, delete or patch found no such resource. Nothing was written. */
public final class NoSuchResourceException extends ResourceException {
  private final ResourceId id;

  public NoSuchResourceException(ResourceId id) {
    super(id + " does not exist");
    this.id = id;
  }

  /** The resource. */
  public ResourceId id() {
    return id;
  }
}
