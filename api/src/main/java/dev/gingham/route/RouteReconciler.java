package dev.gingham.route;

import java.time.Duration;
import java.util.List;

/**
 * Keeps one network namespace's routes of one protocol equal to a {@link RouteTable}: it lists the
 * routes of its protocol, computes the fewest adds, replaces and deletes that make them equal to
 * the desired ones, and applies them in one batch. It never touches a route of another protocol: a
 * desired route whose key a foreign route holds is reported as a failure and left to the operator.
 *
 * <p>Once {@link #start() started}, it reconciles on its own thread whenever the desired table
 * changes, whenever a route of its protocol changes behind its back, and at every resync interval,
 * which repairs drift that no event reported (a route deleted by hand while events overflowed).
 *
 * <p>Thread-safe. Reconciliations run one at a time.
 */
public interface RouteReconciler extends AutoCloseable {

  /** The protocol whose routes it owns. */
  int protocol();

  /**
   * Sets the desired routes. If started, a reconciliation follows soon on its thread.
   *
   * @throws IllegalArgumentException if the table is of another protocol
   */
  void setDesired(RouteTable desired);

  /** The desired routes. */
  RouteTable desired();

  /**
   * Keeps the routes of its protocol that the namespace holds now, even those not desired, until
   * {@link #releaseRetained()} or until {@code limit} has passed; routes are still added and
   * replaced meanwhile, and routes added after this call are deleted as usual. This is graceful
   * restart (RFC 4724) for the routes a BGP speaker learned before it restarted: they keep
   * forwarding while its peers send their tables again, and only what they did not send again goes
   * at End-of-RIB (release) or when the restart time runs out. A second call starts over with the
   * routes held then.
   *
   * @param limit how long to keep them at most
   * @return how many routes are kept
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  int retainExisting(Duration limit);

  /**
   * Stops keeping the routes {@link #retainExisting(Duration)} kept: those not desired are deleted
   * by the next reconciliation, which follows soon if started. Idempotent.
   */
  void releaseRetained();

  /** How many routes are kept by {@link #retainExisting(Duration)} now; 0 once released. */
  int retained();

  /** Reconciles now, on the caller's thread, and says what it did. */
  Result reconcile();

  /** Starts reconciling by itself, and reconciles once. Idempotent. */
  void start();

  /** Stops it. Idempotent; the routes stay as they are. */
  @Override
  void close();

  /**
   * What one reconciliation did.
   *
   * @param added the routes added
   * @param replaced the routes that replaced an owned route with the same key
   * @param deleted the owned routes deleted
   * @param failures the changes the dataplane refused
   */
  record Result(
      List<Route> added, List<Route> replaced, List<Route> deleted, List<Failure> failures) {
    public Result {
      added = List.copyOf(added);
      replaced = List.copyOf(replaced);
      deleted = List.copyOf(deleted);
      failures = List.copyOf(failures);
    }

    /** How many changes were attempted. */
    public int changes() {
      return added.size() + replaced.size() + deleted.size() + failures.size();
    }
  }

  /**
   * A change the dataplane refused.
   *
   * @param action {@code "add"}, {@code "replace"} or {@code "delete"}
   * @param route the route
   * @param error the dataplane's message, naming the route and the error
   */
  record Failure(String action, Route route, String error) {}
}
