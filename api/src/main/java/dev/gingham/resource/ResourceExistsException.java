package dev.gingham.resource;

/** A create found the resource there already. Nothing was written. */
public final class ResourceExistsException extends ResourceException {
  private final ResourceId id;

  public ResourceExistsException(ResourceId id) {
    super(id + " already exists");
    this.id = id;
  }

  /** The resource. */
  public ResourceId id() {
    return id;
  }
}
