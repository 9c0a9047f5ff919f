package dev.gingham.bgp;

/** The speaker could not start: for example its listen address could not be bound. */
public final class BgpStartException extends BgpException {
  /** With a message naming the address and a cause. */
  public BgpStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
