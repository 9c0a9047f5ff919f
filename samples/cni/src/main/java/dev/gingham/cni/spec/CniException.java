package dev.gingham.cni.spec;

import org.jspecify.annotations.Nullable;

/**
 * A failure the plugin reports to the runtime as the specification's error JSON: a code from {@link
 * ErrorCodes}, a message that names the bad value, and optional details.
 */
public final class CniException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String details;

  /** An error with no details. */
  public CniException(int code, String message) {
    this(code, message, "", null);
  }

  /** An error caused by another, whose message becomes the details. */
  public CniException(int code, String message, Throwable cause) {
    this(code, message, String.valueOf(cause.getMessage()), cause);
  }

  private CniException(int code, String message, String details, @Nullable Throwable cause) {
    super(message, cause);
    if (code < 1) {
      throw new IllegalArgumentException("CNI error code must be at least 1, was " + code);
    }
    this.code = code;
    this.details = details;
  }

  /** The error code. */
  public int code() {
    return code;
  }

  /** The details, or the empty string. */
  public String details() {
    return details;
  }
}
