package dev.gingham.cni.delegate;

/** A delegate request or answer that breaks the framing; the message names what and where. */
public final class DelegateProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the bad value. */
  public DelegateProtocolException(String message) {
    super(message);
  }
}
