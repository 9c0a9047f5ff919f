package dev.gingham.spi.dataplane;

import dev.gingham.route.Route;

/** A change in a namespace, reported to a {@link Subscription}. */
public sealed interface DataplaneEvent
    permits DataplaneEvent.LinkChanged,
        DataplaneEvent.AddressChanged,
        DataplaneEvent.RouteChanged,
        DataplaneEvent.Overflow {

  /** What a subscriber watches. */
  enum Topic {
    LINKS,
    ADDRESSES,
    ROUTES
  }

  /**
   * A device appeared, changed or disappeared.
   *
   * @param link the device as it is, or as it was when removed
   * @param removed whether it is gone
   */
  record LinkChanged(Link link, boolean removed) implements DataplaneEvent {}

  /**
   * An address was added or removed.
   *
   * @param address the address
   * @param removed whether it is gone
   */
  record AddressChanged(InterfaceAddress address, boolean removed) implements DataplaneEvent {}

  /**
   * A route was added, replaced or removed.
   *
   * @param route the route
   * @param removed whether it is gone
   */
  record RouteChanged(Route route, boolean removed) implements DataplaneEvent {}

  /** Notifications were lost; the subscriber must list again. The subscription goes on. */
  record Overflow() implements DataplaneEvent {}
}
