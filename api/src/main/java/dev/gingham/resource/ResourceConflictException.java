package dev.gingham.resource;

/**
 * The resource changed since it was read: its resource version is not the one the write names, or
 * other writers kept changing what the write depends on. Nothing was written; read again and retry.
 */
public final class ResourceConflictException extends ResourceException {
  private final ResourceId id;

  public ResourceConflictException(ResourceId id, String detail) {
    super(id + ": " + detail);
    this.id = id;
  }

  /** The resource. */
  public ResourceId id() {
    return id;
  }
}
