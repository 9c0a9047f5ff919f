package dev.gingham.spi.dataplane;

import dev.gingham.route.Route;

/**
 * One change of a route batch.
 *
 * @param action what to do
 * @param route the route; a delete matches on {@link Route#key()}, the route's type and its
 *     protocol
 */
public record RouteChange(Action action, Route route) {

  /** What a change does. */
  public enum Action {
    /** Installs a route that must not exist yet. */
    ADD,
    /** Installs a route, replacing one with the same key. */
    REPLACE,
    /** Removes a route. */
    DELETE
  }

  /** Installs a new route. */
  public static RouteChange add(Route route) {
    return new RouteChange(Action.ADD, route);
  }

  /** Installs or replaces a route. */
  public static RouteChange replace(Route route) {
    return new RouteChange(Action.REPLACE, route);
  }

  /** Removes a route. */
  public static RouteChange delete(Route route) {
    return new RouteChange(Action.DELETE, route);
  }

  /**
   * A change that failed.
   *
   * @param change the change
   * @param error why
   */
  public record Failure(RouteChange change, DataplaneException error) {}
}
