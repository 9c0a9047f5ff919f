package dev.gingham.bgp;

/** The states of the BGP finite state machine (RFC 4271 section 8.2.2). */
public enum PeerState {
  /** Refusing connections; waiting to start or to retry after an error. */
  IDLE,
  /** Connecting to the peer. */
  CONNECT,
  /** Waiting for the peer to connect, until the connect-retry timer fires. */
  ACTIVE,
  /** Connected; OPEN sent, waiting for the peer's OPEN. */
  OPEN_SENT,
  /** OPENs exchanged; waiting for the peer's KEEPALIVE. */
  OPEN_CONFIRM,
  /** The session is up and exchanging routes. */
  ESTABLISHED
}
