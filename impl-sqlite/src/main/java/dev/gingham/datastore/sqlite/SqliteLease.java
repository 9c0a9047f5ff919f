package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Lease;
import java.time.Duration;

/** A lease of a {@link SqliteDatastore}: a handle on a row of its lease table. Thread-safe. */
final class SqliteLease implements Lease {
  private final Leases leases;
  private final long id;
  private final Duration ttl;

  SqliteLease(Leases leases, long id, Duration ttl) {
    this.leases = leases;
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

  @Override
  public void keepAlive() {
    leases.keepAlive(id);
  }

  @Override
  public void revoke() {
    leases.revoke(id);
  }

  @Override
  public String toString() {
    return "SqliteLease{id=" + id + ", ttl=" + ttl + '}';
  }
}
