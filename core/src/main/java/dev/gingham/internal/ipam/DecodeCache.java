package dev.gingham.internal.ipam;

import dev.gingham.internal.ipam.codec.MalformedRecordException;
import dev.gingham.ipam.IpamDataException;
import dev.gingham.spi.datastore.KeyValue;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decoded records by key, each kept with the revision it was decoded at, so that a record is
 * decoded once per revision however often it is read: what the engine writes it puts here itself,
 * so only other writers' records are ever decoded. A revision names one write store-wide, so a hit
 * is always the same bytes. Thread-safe; bounded by a crude clear when it grows past its limit.
 */
final class DecodeCache<T> {
  private static final int LIMIT = 1 << 16;

  private final Function<InputStream, T> decoder;
  private final Function<T, String> keyOf;
  private final ConcurrentHashMap<String, Versioned<T>> entries = new ConcurrentHashMap<>();

  /**
   * @param decoder reads a record
   * @param keyOf the key a record belongs under, to catch a record stored under another's key
   */
  DecodeCache(Function<InputStream, T> decoder, Function<T, String> keyOf) {
    this.decoder = decoder;
    this.keyOf = keyOf;
  }

  /**
   * The decoded record. Allocates nothing when it was decoded at this revision before.
   *
   * @throws IpamDataException if it does not decode, or belongs under another key
   */
  Versioned<T> decode(KeyValue kv) {
    Versioned<T> cached = entries.get(kv.key());
    if (cached != null && cached.revision() == kv.modRevision()) {
      return cached;
    }
    T value;
    try {
      value = decoder.apply(kv.valueStream());
    } catch (MalformedRecordException e) {
      throw new IpamDataException(kv.key(), e.getMessage(), e);
    }
    String expected = keyOf.apply(value);
    if (!expected.equals(kv.key())) {
      throw new IpamDataException(kv.key(), "it holds the record of " + expected);
    }
    return remember(new Versioned<>(kv.key(), kv.modRevision(), value));
  }

  /** Keeps a record this process wrote, at the revision its write got. */
  Versioned<T> remember(Versioned<T> record) {
    if (entries.size() >= LIMIT) {
      entries.clear();
    }
    entries.put(record.key(), record);
    return record;
  }

  /** The record as last decoded or remembered, whatever the store holds now; null if none. */
  @Nullable Versioned<T> known(String key) {
    return entries.get(key);
  }

  /** Forgets a key that was deleted. */
  void forget(String key) {
    entries.remove(key);
  }
}
