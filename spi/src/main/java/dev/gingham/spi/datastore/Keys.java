package dev.gingham.spi.datastore;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The rules every store applies to keys: validity, order and prefix ranges.
 *
 * <p>Keys are ordered by their UTF-8 bytes, as etcd orders them. That is code point order, which
 * differs from {@link String#compareTo} for characters beyond U+FFFF, so implementations sort with
 * {@link #ORDER}, never with the natural string order.
 */
public final class Keys {
  private Keys() {}

  /** Orders keys by code point, which is the order of their UTF-8 bytes. Allocation-free. */
  public static final Comparator<String> ORDER = Keys::compare;

  /** Compares two keys by code point. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Checks a key.
   *
   * @return the key
   * @throws IllegalArgumentException if it is null, empty, holds a lone surrogate or is longer than
   *     {@value Datastore#MAX_KEY_BYTES} UTF-8 bytes
   */
  public static String requireValid(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    requireWellFormed(key, "key");
    int bytes = utf8Length(key);
    if (bytes > Datastore.MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key '"
              + key.substring(0, key.offsetByCodePoints(0, 64))
              + "…' is "
              + bytes
              + " UTF-8 bytes, more than the limit of "
              + Datastore.MAX_KEY_BYTES);
    }
    return key;
  }

  /**
   * Checks a prefix, which may be empty.
   *
   * @throws IllegalArgumentException if it is null, holds a lone surrogate or is too long
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null; use \"\" for every key");
    }
    return prefix.isEmpty() ? prefix : requireValid(prefix);
  }

  /** Whether a key lies under a prefix; every key lies under the empty prefix. */
  public static boolean hasPrefix(String key, String prefix) {
    return key.startsWith(prefix);
  }

  /** The key's UTF-8 bytes. */
  public static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The first byte string after every key under a prefix, for range scans over UTF-8 bytes: the
   * prefix with its last byte below 0xff incremented and what follows dropped. Empty when no such
   * bound exists (the empty prefix, or one made only of 0xff bytes), meaning "to the end".
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] end = new byte[i + 1];
        System.arraycopy(prefix, 0, end, 0, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[0];
  }

  private static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new IllegalArgumentException(
            what + " has a lone surrogate at index " + i + ", so it has no UTF-8 form");
      }
      if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " has a lone surrogate at index " + i + ", so it has no UTF-8 form");
      }
    }
  }

  /** The length of a string's UTF-8 form, without encoding it. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
