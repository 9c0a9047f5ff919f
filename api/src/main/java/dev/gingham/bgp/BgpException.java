package dev.gingham.bgp;

/** The base of the BGP speaker's specific exceptions. Unchecked. */
public class BgpException extends RuntimeException {
  /** With a message that names the bad value. */
  public BgpException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public BgpException(String message, Throwable cause) {
    super(message, cause);
  }
}
