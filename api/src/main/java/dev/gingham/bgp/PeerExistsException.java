package dev.gingham.bgp;

import dev.gingham.net.IpAddress;

/** {@link BgpSpeaker#addPeer} was given the address of a peer the speaker already has. */
public final class PeerExistsException extends BgpException {
  /** For the given address. */
  public PeerExistsException(IpAddress peer) {
    super("peer " + peer + " is already configured; use updatePeer to change it");
  }
}
