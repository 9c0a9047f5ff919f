package dev.gingham.bgp;

/**
 * A per-peer hook on import (routes received, before they become candidates in the Loc-RIB) or on
 * export (routes about to be advertised, after the iBGP/eBGP rules applied).
 *
 * <p>A policy runs on the speaker's event loop: it must be quick, must not block, and must not call
 * back into the speaker. A policy that throws rejects the route, and the error is logged.
 */
@FunctionalInterface
public interface RoutePolicy {
  /** Accepts everything unchanged. */
  RoutePolicy ACCEPT_ALL = (route, peer) -> RouteDecision.accept();

  /**
   * Decides about one route.
   *
   * @param route the route: on import as received from {@code peer}; on export the best route with
   *     the attributes it will be advertised with
   * @param peer the peer the route comes from (import) or goes to (export)
   */
  RouteDecision evaluate(BgpRoute route, PeerConfig peer);
}
