package dev.gingham.bgp;

import java.util.Optional;

/** The BGP message types (RFC 4271 section 4.1, RFC 2918), with their wire codes. */
public enum BgpMessageType {
  /** OPEN, type 1. */
  OPEN(1),
  /** UPDATE, type 2. */
  UPDATE(2),
  /** NOTIFICATION, type 3. */
  NOTIFICATION(3),
  /** KEEPALIVE, type 4. */
  KEEPALIVE(4),
  /** ROUTE-REFRESH (RFC 2918), type 5. */
  ROUTE_REFRESH(5);

  private final int code;

  BgpMessageType(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }

  /** The type with the given wire code, if it is one of these. */
  public static Optional<BgpMessageType> ofCode(int code) {
    return code >= 1 && code <= 5 ? Optional.of(values()[code - 1]) : Optional.empty();
  }
}
