package dev.gingham.spi.dataplane;

import dev.gingham.route.Route;
import java.util.List;

/**
 * Routes. An owner lists with {@link RouteFilter#owned(int)} and changes only what it lists, so
 * that it never touches a route installed by anyone else.
 */
public interface Routes {

  /**
   * The routes that pass a filter, in table, then destination, then metric order, as the kernel
   * stores them ({@link KernelRoutes}: an IPv6 metric 0 as 1024, a gateway with the device chosen
   * for it).
   */
  List<Route> list(NetworkNamespace ns, RouteFilter filter);

  /**
   * Installs a route.
   *
   * @throws ObjectExistsException if a route with its key exists
   * @throws NoSuchObjectException if its device does not exist
   */
  void add(NetworkNamespace ns, Route route);

  /** Installs a route, replacing the one with its key if any. */
  void replace(NetworkNamespace ns, Route route);

  /**
   * Removes the route with this route's key, type and protocol, so that an owner never deletes a
   * route of another protocol that took the key since it listed (the kernel matches the protocol
   * when the request names one).
   *
   * @return whether there was one
   */
  boolean delete(NetworkNamespace ns, Route route);

  /**
   * Applies many changes at once, batched as the implementation can (several netlink messages per
   * system call), in order. Every change is attempted; those that fail are reported, the others
   * stay applied. A delete of an absent route is not a failure.
   *
   * @return the changes that failed, empty when all were applied
   */
  List<RouteChange.Failure> apply(NetworkNamespace ns, List<RouteChange> changes);
}
