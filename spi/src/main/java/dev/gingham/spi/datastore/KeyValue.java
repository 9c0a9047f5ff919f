package dev.gingham.spi.datastore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key, its value and its revisions, as read at one revision of the store. Immutable.
 *
 * <p>{@link #value()} returns a copy; {@link #valueStream()} and {@link #valueEquals(byte[])} read
 * the value without copying it, which matters for large values decoded on hot paths.
 */
public final class KeyValue {
  private final String key;
  private final byte[] value;
  private final long createRevision;
  private final long modRevision;
  private final long version;
  private final long leaseId;

  private KeyValue(
      String key, byte[] value, long createRevision, long modRevision, long version, long leaseId) {
    this.key = key;
    this.value = value;
    this.createRevision = createRevision;
    this.modRevision = modRevision;
    this.version = version;
    this.leaseId = leaseId;
  }

  /**
   * Makes a key/value, copying the value.
   *
   * @throws IllegalArgumentException if a revision or the version is not positive, or the key was
   *     modified before it was created
   */
  public static KeyValue of(
      String key, byte[] value, long createRevision, long modRevision, long version, long leaseId) {
    return wrap(key, value.clone(), createRevision, modRevision, version, leaseId);
  }

  /**
   * Makes a key/value around a value array that the caller gives up: it must never be modified
   * again. For implementations, which copy values on the way in and out of the store.
   */
  public static KeyValue wrap(
      String key, byte[] value, long createRevision, long modRevision, long version, long leaseId) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (createRevision <= 0 || modRevision < createRevision || version <= 0 || leaseId < 0) {
      throw new IllegalArgumentException(
          "inconsistent revisions for key '"
              + key
              + "': create "
              + createRevision
              + ", mod "
              + modRevision
              + ", version "
              + version
              + ", lease "
              + leaseId);
    }
    return new KeyValue(key, value, createRevision, modRevision, version, leaseId);
  }

  /** The key. */
  public String key() {
    return key;
  }

  /** A copy of the value. */
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8. */
  public String valueUtf8() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** The value's length in bytes. */
  public int valueLength() {
    return value.length;
  }

  /** A stream over the value, without copying it. */
  public InputStream valueStream() {
    return new ByteArrayInputStream(value);
  }

  /** Whether the value equals these bytes. */
  public boolean valueEquals(byte[] other) {
    return Arrays.equals(value, other);
  }

  /** The revision of the transaction that created the key. */
  public long createRevision() {
    return createRevision;
  }

  /** The revision of the transaction that last wrote the key. */
  public long modRevision() {
    return modRevision;
  }

  /** How many times the key was written since it was created: 1 after the create. */
  public long version() {
    return version;
  }

  /** The lease the key is attached to, or {@link Lease#NONE}. */
  public long leaseId() {
    return leaseId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other
        && key.equals(other.key)
        && createRevision == other.createRevision
        && modRevision == other.modRevision
        && version == other.version
        && leaseId == other.leaseId
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, modRevision, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "KeyValue{key='"
        + key
        + "', "
        + value.length
        + " bytes, create="
        + createRevision
        + ", mod="
        + modRevision
        + ", version="
        + version
        + (leaseId == Lease.NONE ? "" : ", lease=" + leaseId)
        + '}';
  }
}
