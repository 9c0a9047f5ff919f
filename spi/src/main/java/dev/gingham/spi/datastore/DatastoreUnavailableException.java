package dev.gingham.spi.datastore;

/**
 * The store could not be reached or did not answer in time. A read may be retried; a write that
 * failed this way may or may not have been applied.
 */
public final class DatastoreUnavailableException extends DatastoreException {
  public DatastoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public DatastoreUnavailableException(String message) {
    super(message);
  }
}
