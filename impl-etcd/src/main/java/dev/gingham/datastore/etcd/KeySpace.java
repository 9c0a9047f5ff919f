package dev.gingham.datastore.etcd;

import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.Keys;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps the SPI's string keys onto etcd's byte keys under a namespace, and back. The namespace is
 * invisible to callers: every key sent gets it in front, every key read loses it, and every range
 * is confined to it. Behind the callers' keys, after byte 0xff, lies the store's own marker area
 * (see {@link WriteMarkers}). Immutable and thread-safe.
 */
final class KeySpace {
  /** etcd's way of saying "from the first key" in a range. */
  private static final byte[] NUL = {0};

  /** The byte after the namespace that starts the marker area. */
  private static final byte MARKER_AREA = (byte) 0xff;

  private final byte[] namespace;

  /**
   * @param namespace the prefix every key is stored under, possibly empty
   */
  KeySpace(String namespace) {
    this.namespace = Keys.utf8(Keys.requireValidPrefix(namespace));
  }

  /** The etcd key for an SPI key. */
  ByteSequence key(String key) {
    return ByteSequence.from(concat(Keys.utf8(key)));
  }

  /** The first etcd key of a prefix range ({@code "\0"}, "from the first key", for everything). */
  ByteSequence rangeStart(String prefix) {
    byte[] start = concat(Keys.utf8(prefix));
    return ByteSequence.from(start.length == 0 ? NUL : start);
  }

  /**
   * The first etcd key after a prefix range. For the empty prefix that is the namespace followed by
   * byte 0xff, which no UTF-8 key can start with: the marker area (see {@link #marker}) lies beyond
   * it, out of every list and watch.
   */
  ByteSequence rangeEnd(String prefix) {
    return ByteSequence.from(end(prefix));
  }

  /**
   * The etcd key of a write marker: the namespace, byte 0xff, then the name. No SPI key maps there
   * (UTF-8 never holds 0xff), so markers are invisible to callers.
   */
  ByteSequence marker(String name) {
    byte[] tail = ("gingham/txn/" + name).getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(namespace, namespace.length + 1 + tail.length);
    out[namespace.length] = MARKER_AREA;
    System.arraycopy(tail, 0, out, namespace.length + 1, tail.length);
    return ByteSequence.from(out);
  }

  private byte[] end(String prefix) {
    if (prefix.isEmpty()) {
      byte[] end = Arrays.copyOf(namespace, namespace.length + 1);
      end[namespace.length] = MARKER_AREA;
      return end;
    }
    // A non-empty UTF-8 prefix has a byte below 0xff, so its end is never empty.
    return Keys.prefixEnd(concat(Keys.utf8(prefix)));
  }

  /**
   * Where a page of a prefix starts: the prefix's first key, or the first key after {@code
   * startAfter} when that is later.
   */
  ByteSequence pageStart(String prefix, String startAfter) {
    byte[] start = concat(Keys.utf8(prefix));
    if (!startAfter.isEmpty()) {
      byte[] after = concat(Keys.utf8(startAfter));
      // The smallest key greater than 'after' is 'after' followed by a zero byte.
      byte[] next = Arrays.copyOf(after, after.length + 1);
      if (Arrays.compareUnsigned(next, start) > 0) {
        start = next;
      }
    }
    return ByteSequence.from(start.length == 0 ? NUL : start);
  }

  /**
   * Whether a page can hold nothing because {@code startAfter} lies at or past the end of the
   * prefix's range (etcd would read a range whose end precedes its start otherwise).
   */
  boolean pageIsEmpty(String prefix, String startAfter) {
    if (startAfter.isEmpty()) {
      return false;
    }
    return Arrays.compareUnsigned(pageStart(prefix, startAfter).getBytes(), end(prefix)) >= 0;
  }

  /**
   * The SPI key of an etcd key read from this namespace.
   *
   * @throws DatastoreException if the key lies outside the namespace or is not UTF-8: something
   *     other than Gingham wrote it
   */
  String decode(ByteSequence etcdKey) {
    byte[] raw = etcdKey.getBytes();
    if (raw.length < namespace.length
        || !Arrays.equals(raw, 0, namespace.length, namespace, 0, namespace.length)) {
      throw new DatastoreException(
          "etcd returned key '"
              + new String(raw, StandardCharsets.UTF_8)
              + "', which is outside the namespace '"
              + new String(namespace, StandardCharsets.UTF_8)
              + "'");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw, namespace.length, raw.length - namespace.length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DatastoreException(
          "etcd holds a key under namespace '"
              + new String(namespace, StandardCharsets.UTF_8)
              + "' that is not UTF-8 ("
              + raw.length
              + " bytes), so it was not written through Gingham",
          e);
    }
  }

  /** The namespace, for messages. */
  String namespace() {
    return new String(namespace, StandardCharsets.UTF_8);
  }

  private byte[] concat(byte[] key) {
    if (namespace.length == 0) {
      return key;
    }
    byte[] out = Arrays.copyOf(namespace, namespace.length + key.length);
    System.arraycopy(key, 0, out, namespace.length, key.length);
    return out;
  }
}
