package dev.gingham.bgp;

import java.util.List;
import java.util.Objects;

/**
 * The routes one peer sent, as an MRT dump holds them or {@link BgpSpeaker#injectTable} loads them.
 * Immutable.
 *
 * @param peer who sent them
 * @param routes the routes; their {@link BgpRoute#peer()} is not consulted
 */
public record PeerTable(PeerIdentity peer, List<BgpRoute> routes) {
  /** Copies the list. */
  public PeerTable {
    Objects.requireNonNull(peer, "peer");
    routes = List.copyOf(routes);
  }

  @Override
  public String toString() {
    return "table of " + peer + ": " + routes.size() + " routes";
  }
}
