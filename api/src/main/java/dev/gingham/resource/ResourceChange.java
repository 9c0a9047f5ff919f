package dev.gingham.resource;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of a {@link ResourceStore#write(java.util.List) write}: create, replace, apply, delete
 * or restore one resource. Immutable.
 */
public final class ResourceChange {

  /** What a change does. */
  public enum Operation {
    /** Writes a resource that must not exist. */
    CREATE,
    /** Writes over a resource that must exist. */
    REPLACE,
    /** Creates or replaces. */
    APPLY,
    /** Deletes a resource that must exist. */
    DELETE,
    /**
     * Creates a resource that must not exist, keeping the uid and creation time it carries: for
     * moving resources from one store to another.
     */
    RESTORE
  }

  private final Operation operation;
  private final ResourceId id;
  private final @Nullable Resource<?> resource;
  private final long expectedRevision;

  private ResourceChange(
      Operation operation, ResourceId id, @Nullable Resource<?> resource, long expectedRevision) {
    this.operation = operation;
    this.id = id;
    this.resource = resource;
    this.expectedRevision = expectedRevision;
  }

  /** Creates the resource; it must not exist. */
  public static ResourceChange create(Resource<?> resource) {
    return new ResourceChange(Operation.CREATE, resource.id(), resource, 0);
  }

  /**
   * Replaces the resource; it must exist, and be at the resource version the metadata names when it
   * names one.
   */
  public static ResourceChange replace(Resource<?> resource) {
    return new ResourceChange(
        Operation.REPLACE, resource.id(), resource, resource.metadata().resourceVersion());
  }

  /**
   * Creates or replaces the resource; when the metadata names a resource version, the resource must
   * be at it.
   */
  public static ResourceChange apply(Resource<?> resource) {
    return new ResourceChange(
        Operation.APPLY, resource.id(), resource, resource.metadata().resourceVersion());
  }

  /** Deletes the resource, whatever its version; it must exist. */
  public static ResourceChange delete(ResourceId id) {
    return new ResourceChange(Operation.DELETE, Objects.requireNonNull(id, "id"), null, 0);
  }

  /**
   * Deletes the resource if it is at a resource version.
   *
   * @param expectedRevision the version read, or 0 for any
   */
  public static ResourceChange delete(ResourceId id, long expectedRevision) {
    if (expectedRevision < 0) {
      throw new IllegalArgumentException(
          "expected revision must not be negative, was " + expectedRevision);
    }
    return new ResourceChange(
        Operation.DELETE, Objects.requireNonNull(id, "id"), null, expectedRevision);
  }

  /** Creates the resource with the uid and creation time it carries; it must not exist. */
  public static ResourceChange restore(Resource<?> resource) {
    return new ResourceChange(Operation.RESTORE, resource.id(), resource, 0);
  }

  /** What the change does. */
  public Operation operation() {
    return operation;
  }

  /** The resource changed. */
  public ResourceId id() {
    return id;
  }

  /** The resource to write, or null for a delete. */
  public @Nullable Resource<?> resource() {
    return resource;
  }

  /** The resource version the resource must be at, or 0 for any. */
  public long expectedRevision() {
    return expectedRevision;
  }

  @Override
  public String toString() {
    return operation + " " + id + (expectedRevision == 0 ? "" : " @" + expectedRevision);
  }
}
