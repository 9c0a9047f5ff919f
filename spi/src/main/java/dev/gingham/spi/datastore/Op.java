package dev.gingham.spi.datastore;

import java.util.Arrays;

/** One operation of a transaction. Operations of one branch run in order. */
public sealed interface Op permits Op.Put, Op.Delete, Op.Get {

  /** The key the operation acts on. */
  String key();

  /** Writes a key with a copy of the value. */
  static Put put(String key, byte[] value) {
    return new Put(key, value.clone(), Lease.NONE);
  }

  /** Writes a key with a copy of the value, attached to a lease ({@link Lease#NONE} for none). */
  static Put put(String key, byte[] value, long leaseId) {
    return new Put(key, value.clone(), leaseId);
  }

  /** Deletes a key; deleting an absent key is not an error. */
  static Delete delete(String key) {
    return new Delete(key);
  }

  /** Reads a key, seeing the writes made before it in the same branch. */
  static Get get(String key) {
    return new Get(key);
  }

  /**
   * A write. Build it with {@link Op#put(String, byte[])}, which copies the value; the record's own
   * accessor returns the array it holds, which must not be modified.
   */
  record Put(String key, byte[] value, long leaseId) implements Op {
    public Put {
      Keys.requireValid(key);
      if (value == null) {
        throw new IllegalArgumentException("put of '" + key + "' needs a value");
      }
      if (value.length > Datastore.MAX_VALUE_BYTES) {
        throw new IllegalArgumentException(
            "value of '"
                + key
                + "' is "
                + value.length
                + " bytes, more than the limit of "
                + Datastore.MAX_VALUE_BYTES);
      }
      if (leaseId < 0) {
        throw new IllegalArgumentException(
            "put of '" + key + "': lease id must be >= 0, was " + leaseId);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p
          && key.equals(p.key)
          && leaseId == p.leaseId
          && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Put[" + key + ", " + value.length + " bytes, lease " + leaseId + "]";
    }
  }

  /** A delete. */
  record Delete(String key) implements Op {
    public Delete {
      Keys.requireValid(key);
    }
  }

  /** A read. */
  record Get(String key) implements Op {
    public Get {
      Keys.requireValid(key);
    }
  }
}
