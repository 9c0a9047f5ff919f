package dev.gingham.spi.datastore.base;

import dev.gingham.spi.datastore.Compare;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Keys;
import dev.gingham.spi.datastore.Op;
import dev.gingham.spi.datastore.Txn;
import dev.gingham.spi.datastore.WatchListener;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks every {@link Datastore} makes before it does anything, with the same messages
 * everywhere.
 */
public final class DatastoreArguments {
  private DatastoreArguments() {}

  /**
   * Checks the arguments of {@link Datastore#list(String, String, int)}.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  public static void requireList(String prefix, String startAfter, int limit) {
    Keys.requireValidPrefix(prefix);
    if (startAfter == null) {
      throw new IllegalArgumentException(
          "startAfter must not be null; use \"\" to start at the beginning");
    }
    if (!startAfter.isEmpty()) {
      Keys.requireValid(startAfter);
    }
    if (limit < 1 || limit > Datastore.MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "list limit must be from 1 to " + Datastore.MAX_PAGE_SIZE + ", was " + limit);
    }
  }

  /**
   * Checks the arguments of {@link Datastore#watch(String, long, WatchListener)}.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  public static void requireWatch(
      String prefix, long fromRevision, @Nullable WatchListener listener) {
    Keys.requireValidPrefix(prefix);
    if (fromRevision < 0) {
      throw new IllegalArgumentException(
          "watch of '" + prefix + "': revision must be >= 0, was " + fromRevision);
    }
    if (listener == null) {
      throw new IllegalArgumentException("watch of '" + prefix + "' needs a listener");
    }
  }

  /** The first key a transaction names, for messages; null when it names none. */
  public static @Nullable String firstKey(Txn txn) {
    for (Compare compare : txn.compares()) {
      return compare.key();
    }
    for (Op op : txn.onSuccess()) {
      return op.key();
    }
    for (Op op : txn.onFailure()) {
      return op.key();
    }
    return null;
  }
}
