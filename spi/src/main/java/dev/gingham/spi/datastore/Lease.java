package dev.gingham.spi.datastore;

import java.time.Duration;

/**
 * A time to live for keys. Keys written with the lease's {@link #id()} are deleted when it expires
 * or is revoked. Thread-safe.
 */
public interface Lease extends AutoCloseable {

  /** The id that stands for "no lease". */
  long NONE = 0;

  /** The lease's id, positive. */
  long id();

  /** The time to live, as granted: at least what was asked for. */
  Duration ttl();

  /**
   * Renews the lease for another {@link #ttl()} from now.
   *
   * @throws LeaseExpiredException if the lease already expired or was revoked: its keys are gone
   */
  void keepAlive();

  /** Ends the lease now, deleting its keys. Revoking an expired lease does nothing. */
  void revoke();

  /** Revokes the lease. */
  @Override
  default void close() {
    revoke();
  }
}
