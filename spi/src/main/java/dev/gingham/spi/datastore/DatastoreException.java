package dev.gingham.spi.datastore;

/** Something went wrong in a datastore. The subclasses say what. */
public class DatastoreException extends RuntimeException {
  public DatastoreException(String message) {
    super(message);
  }

  public DatastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
