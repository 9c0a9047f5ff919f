package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Lease;
import dev.gingham.spi.datastore.LeaseExpiredException;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.TxnResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Txn} inside a SQLite transaction the caller opened: compares first, then the ops of
 * the branch they choose, in order, each seeing the writes before it. Whatever the transaction
 * writes gets one new revision; one that writes nothing leaves the revision alone.
 */
final class TxnExecutor {
  private TxnExecutor() {}

  /**
   * Runs a transaction that may write; the caller holds the write lock.
   *
   * @param nowMillis the wall-clock time leases are checked against
   * @param history how many revisions of history to keep
   * @throws LeaseExpiredException if a put names a lease that is gone or past its deadline; the
   *     caller rolls back, so nothing is written
   */
  static TxnResult write(StoreConnection c, Txn txn, long nowMillis, int history)
      throws SQLException {
    StoreState state = c.state();
    long next = state.revision() + 1;
    boolean succeeded = comparesHold(c, txn.compares());
    List<Op> branch = succeeded ? txn.onSuccess() : txn.onFailure();
    List<TxnResult.OpResult> results = new ArrayList<>(branch.size());
    boolean wrote = false;
    for (Op op : branch) {
      if (op instanceof Op.Put) {
        Op.Put put = (Op.Put) op;
        if (put.leaseId() != Lease.NONE) {
          long deadline = c.leaseDeadline(put.leaseId());
          if (deadline <= nowMillis) {
            throw new LeaseExpiredException(put.leaseId());
          }
        }
        c.put(Keys.utf8(put.key()), put.value(), next, put.leaseId());
        results.add(new TxnResult.Written());
        wrote = true;
      } else if (op instanceof Op.Delete) {
        boolean existed = c.delete(Keys.utf8(op.key()), next);
        results.add(new TxnResult.Deleted(existed));
        wrote |= existed;
      } else {
        results.add(new TxnResult.Found(c.get(Keys.utf8(op.key()))));
      }
    }
    if (!wrote) {
      return new TxnResult(succeeded, state.revision(), results);
    }
    advance(c, state, next, history);
    return new TxnResult(succeeded, next, results);
  }

  /** Runs a transaction that only reads, in a read transaction the caller opened. */
  static TxnResult read(StoreConnection c, Txn txn) throws SQLException {
    StoreState state = c.state();
    boolean succeeded = comparesHold(c, txn.compares());
    List<Op> branch = succeeded ? txn.onSuccess() : txn.onFailure();
    List<TxnResult.OpResult> results = new ArrayList<>(branch.size());
    for (Op op : branch) {
      results.add(new TxnResult.Found(c.get(Keys.utf8(op.key()))));
    }
    return new TxnResult(succeeded, state.revision(), results);
  }

  /**
   * Records a new revision, and forgets history older than the last {@code history} revisions so
   * that the table stays bounded without anyone calling {@code compact}.
   */
  static void advance(StoreConnection c, StoreState state, long next, int history)
      throws SQLException {
    c.setRevision(next);
    long keepFrom = next - history + 1;
    if (keepFrom - 1 > state.compacted()) {
      c.compact(keepFrom - 1);
    }
  }

  private static boolean comparesHold(StoreConnection c, List<Compare> compares)
      throws SQLException {
    for (Compare compare : compares) {
      if (!compare.test(c.modRevision(Keys.utf8(compare.key())))) {
        return false;
      }
    }
    return true;
  }
}
