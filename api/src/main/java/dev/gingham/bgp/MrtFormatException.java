package dev.gingham.bgp;

/**
 * An MRT file (RFC 6396) that cannot be read: the message names the record (its number, byte offset
 * and type) and the field and value that are wrong. Nothing read from the file is applied.
 */
public class MrtFormatException extends BgpException {
  /** With a message that names the record, the field and the value. */
  public MrtFormatException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public MrtFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
