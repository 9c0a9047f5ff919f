package dev.gingham.spi.datastore;

/** A create found its key already there. Nothing was written. */
public final class KeyExistsException extends DatastoreException {
  private final String key;
  private final long modRevision;

  public KeyExistsException(String key, long modRevision) {
    super("key '" + key + "' already exists (at revision " + modRevision + ")");
    this.key = key;
    this.modRevision = modRevision;
  }

  /** The key. */
  public String key() {
    return key;
  }

  /** The existing key's modification revision. */
  public long modRevision() {
    return modRevision;
  }
}
