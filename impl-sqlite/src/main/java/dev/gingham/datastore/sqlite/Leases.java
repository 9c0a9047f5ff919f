package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The store's leases, kept in the {@code lease} table with wall-clock deadlines so that every
 * process sharing the file agrees on them. A lease ends, deleting its keys in one revision with a
 * delete event each, when it is revoked, when a keep-alive or a put finds it past its deadline, or
 * when a {@link LeaseSweeper} finds it so. Each of these re-reads the deadline under the write
 * lock, so that processes racing to end one lease end it once. Thread-safe.
 */
final class Leases {
  /**
   * The shortest time to live granted. A lease is renewed by a write that may wait for another
   * process's lock, and ended by a sweeper that looks a few times a second: shorter leases would
   * expire under a keep-alive loop that is on time.
   */
  static final Duration MIN_TTL = Duration.ofSeconds(1);

  private final Writer writer;
  private final ReadPool reads;
  private final Clock clock;
  private final int history;
  private final Runnable onRevision;

  /**
   * @param history how many revisions of history to keep
   * @param onRevision called after a commit that made a new revision
   */
  Leases(Writer writer, ReadPool reads, Clock clock, int history, Runnable onRevision) {
    this.writer = writer;
    this.reads = reads;
    this.clock = clock;
    this.history = history;
    this.onRevision = onRevision;
  }

  /** Grants a lease of at least {@link #MIN_TTL}, rounded up to whole milliseconds. */
  Lease grant(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time to live must be positive, was " + ttl);
    }
    long ttlMillis = Math.max(MIN_TTL.toMillis(), ceilMillis(ttl));
    long id =
        writer.write(
            "grant of a lease", null, c -> c.grantLease(ttlMillis, clock.millis() + ttlMillis));
    return new SqliteLease(this, id, Duration.ofMillis(ttlMillis));
  }

  /**
   * Renews a lease for its time to live from now.
   *
   * @throws LeaseExpiredException if it is gone or past its deadline; then it is ended here
   */
  void keepAlive(long id) {
    Renewal renewal =
        writer.write(
            "keep-alive of lease " + id,
            null,
            c -> {
              // Read the time under the write lock: the wait for it may be long.
              long now = clock.millis();
              long deadline = c.leaseDeadline(id);
              if (deadline < 0) {
                return Renewal.GONE;
              }
              if (deadline <= now) {
                return end(c, id) ? Renewal.ENDED_NOW : Renewal.GONE;
              }
              c.renewLease(id, now);
              return Renewal.RENEWED;
            });
    if (renewal == Renewal.ENDED_NOW) {
      onRevision.run();
    }
    if (renewal != Renewal.RENEWED) {
      throw new LeaseExpiredException(id);
    }
  }

  /** Ends a lease now, deleting its keys. Does nothing when it is already gone. */
  void revoke(long id) {
    boolean wrote = writer.write("revocation of lease " + id, null, c -> end(c, id));
    if (wrote) {
      onRevision.run();
    }
  }

  /** Ends a lease if it is past its deadline: a put found it so, or a sweeper did. */
  void expireIfDue(long id) {
    boolean wrote =
        writer.write(
            "expiry of lease " + id,
            null,
            c -> {
              long deadline = c.leaseDeadline(id);
              return deadline >= 0 && deadline <= clock.millis() && end(c, id);
            });
    if (wrote) {
      onRevision.run();
    }
  }

  /** Leases past their deadline now, earliest first, at most {@code limit}. */
  List<Long> due(int limit) {
    long now = clock.millis();
    return reads.read("search for expired leases", null, c -> c.expiredLeases(now, limit));
  }

  /** Milliseconds until the earliest lease deadline (negative when one is past), or MAX_VALUE. */
  long millisToNextDeadline() {
    long earliest =
        reads.read("search for lease deadlines", null, StoreConnection::earliestDeadline);
    return earliest == Long.MAX_VALUE ? Long.MAX_VALUE : earliest - clock.millis();
  }

  /** Deletes a lease and its keys; true when that made a new revision. */
  private boolean end(StoreConnection c, long id) throws SQLException {
    StoreState state = c.state();
    long next = state.revision() + 1;
    if (c.endLease(id, next) == 0) {
      return false;
    }
    TxnExecutor.advance(c, state, next, history);
    return true;
  }

  private static long ceilMillis(Duration d) {
    long millis = d.toMillis();
    return d.minusMillis(millis).isZero() ? millis : millis + 1;
  }

  private enum Renewal {
    RENEWED,
    ENDED_NOW,
    GONE
  }
}
