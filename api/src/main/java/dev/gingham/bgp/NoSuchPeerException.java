package dev.gingham.bgp;

import dev.gingham.net.IpAddress;

/** A call named a peer the speaker does not have. */
public final class NoSuchPeerException extends BgpException {
  /** For the given address. */
  public NoSuchPeerException(IpAddress peer) {
    super("no peer " + peer + " is configured");
  }
}
