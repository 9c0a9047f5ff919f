package dev.gingham.core;

import dev.gingham.internal.ipam.IpamService;
import dev.gingham.ipam.Ipam;
import dev.gingham.spi.datastore.Datastore;
import java.time.Clock;

/**
 * Makes {@link Ipam} engines over a datastore.
 *
 * <pre>{@code
 * try (Datastore store = Datastores.open("sqlite:/var/lib/gingham/state.db")) {
 *   Ipam ipam = Ipams.create(store);
 *   ipam.createPool(IpPool.builder("default-ipv4", IpPrefix.parse("10.65.0.0/16")).build());
 *   AssignResult r = ipam.autoAssign(AssignRequest.builder("pod-1", "node-1").ipv4(1).build());
 * }
 * }</pre>
 *
 * <p>An engine keeps no state beyond caches: any number of engines, in any number of processes, may
 * share one store, and closing the store is all the cleanup there is.
 */
public final class Ipams {
  private Ipams() {}

  /** An engine over a store, on the system clock. */
  public static Ipam create(Datastore store) {
    return new IpamService(store, Clock.systemUTC());
  }

  /**
   * An engine over a store, on a given clock: block emptiness, the grace period before another
   * host's empty block may be reclaimed, and IP cooldowns are measured with it.
   */
  public static Ipam create(Datastore store, Clock clock) {
    return new IpamService(store, clock);
  }
}
