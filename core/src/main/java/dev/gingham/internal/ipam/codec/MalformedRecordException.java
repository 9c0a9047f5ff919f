package dev.gingham.internal.ipam.codec;

/** Bytes that are not a record of the expected kind. The message says what is wrong. */
public final class MalformedRecordException extends RuntimeException {
  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
