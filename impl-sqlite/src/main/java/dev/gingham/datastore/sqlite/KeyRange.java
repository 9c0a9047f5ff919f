package dev.gingham.datastore.sqlite;

import dev.gingham.spi.datastore.Keys;

/** Byte bounds of key ranges, for range scans over the UTF-8 BLOB keys. */
final class KeyRange {
  /**
   * Greater than every key: UTF-8 never holds the byte 0xff, so a BLOB starting with it sorts after
   * every key. Used as the end of ranges that have none.
   */
  private static final byte[] AFTER_ALL = {(byte) 0xff};

  private KeyRange() {}

  /** The first byte string after every key under a prefix (exclusive end of its range). */
  static byte[] end(byte[] prefix) {
    byte[] end = Keys.prefixEnd(prefix);
    return end.length == 0 ? AFTER_ALL.clone() : end;
  }
}
