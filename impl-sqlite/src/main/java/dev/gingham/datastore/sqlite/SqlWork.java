package dev.gingham.datastore.sqlite;

import java.sql.SQLException;

/**
 * Work done on one connection inside one SQLite transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
interface SqlWork<T> {

  /** Does the work; a thrown exception rolls the transaction back. */
  T run(StoreConnection connection) throws SQLException;
}
