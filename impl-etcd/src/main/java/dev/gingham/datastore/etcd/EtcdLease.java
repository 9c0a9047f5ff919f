package dev.gingham.datastore.etcd;

import dev.gingham.datastore.etcd.CallFailure.Kind;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import java.time.Duration;
import java.util.EnumSet;

/**
 * An etcd lease. {@link #keepAlive()} sends one keep-alive on etcd's keep-alive stream and waits
 * for its answer; a lease that etcd no longer knows is reported with {@link LeaseExpiredException},
 * never ignored. Thread-safe.
 */
final class EtcdLease implements Lease {
  private final io.etcd.jetcd.Lease leases;
  private final Calls calls;
  private final long id;
  private final Duration ttl;

  EtcdLease(io.etcd.jetcd.Lease leases, Calls calls, long id, Duration ttl) {
    this.leases = leases;
    this.calls = calls;
    this.id = id;
    this.ttl = ttl;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  /**
   * Renews the lease. Repeating a keep-alive does no harm, so it is retried like a read while etcd
   * is unreachable, within the request timeout.
   *
   * @throws LeaseExpiredException if etcd no longer knows the lease: it expired or was revoked
   * @throws dev.gingham.spi.datastore.DatastoreUnavailableException if etcd did not answer in time
   */
  @Override
  public void keepAlive() {
    try {
      calls.read(
          "keep-alive of lease " + id,
          null,
          () -> leases.keepAliveOnce(id),
          EnumSet.of(Kind.LEASE_NOT_FOUND),
          calls.timeout());
    } catch (CallFailure f) {
      throw new LeaseExpiredException(id);
    }
  }

  /** Revokes the lease, deleting its keys; a lease already gone is not an error. */
  @Override
  public void revoke() {
    try {
      calls.read(
          "revoke of lease " + id,
          null,
          () -> leases.revoke(id),
          EnumSet.of(Kind.LEASE_NOT_FOUND),
          calls.timeout());
    } catch (CallFailure f) {
      // Expired or revoked already: its keys are gone, which is what revoking asks for.
    }
  }

  @Override
  public String toString() {
    return "EtcdLease{id=" + id + ", ttl=" + ttl + '}';
  }
}
