package dev.gingham.resource;

/**
 * A record in the store does not decode as the resource its key says it is: it was written by hand,
 * or by a newer version. The message names the key and what is wrong.
 */
public final class ResourceDataException extends ResourceException {
  private final String key;

  public ResourceDataException(String key, String problem, Throwable cause) {
    super("record " + key + " does not decode: " + problem, cause);
    this.key = key;
  }

  /** The datastore key of the record. */
  public String key() {
    return key;
  }
}
