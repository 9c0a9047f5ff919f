package dev.gingham.resource;

/**
 * A {@link ResourceStore} refused a write or could not read a record. The subclasses say why.
 * Nothing was written, unless the subclass says otherwise.
 */
public abstract class ResourceException extends RuntimeException {
  protected ResourceException(String message) {
    super(message);
  }

  protected ResourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
