package dev.gingham.ipam;

import java.util.Map;
import java.util.TreeMap;

/**
 * The rules for the free-form string maps IPAM keeps: the attributes stored with each assigned
 * address, and a host's labels. Keys are 1 to {@value #MAX_KEY_LENGTH} characters, values at most
 * {@value #MAX_VALUE_LENGTH}, at most {@value #MAX_ENTRIES} entries; any characters but control
 * characters. Thread-safe: stateless.
 */
public final class Attributes {
  /** The longest key. */
  public static final int MAX_KEY_LENGTH = 253;

  /** The longest value. */
  public static final int MAX_VALUE_LENGTH = 1024;

  /** The most entries. */
  public static final int MAX_ENTRIES = 64;

  private Attributes() {}

  /**
   * Checks a map and copies it into an immutable one.
   *
   * @param what what the map is, for messages ("attributes", "host labels")
   * @throws IllegalArgumentException if a key or value is null, empty (keys only), too long or
   *     holds a control character, or there are too many entries; the message names it
   */
  public static Map<String, String> copyOf(String what, Map<String, String> map) {
    if (map == null) {
      throw new IllegalArgumentException(what + " must not be null; use an empty map");
    }
    if (map.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          what + " hold " + map.size() + " entries, more than the limit of " + MAX_ENTRIES);
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException(what + " have an empty key");
      }
      check(what, "key", key, key, MAX_KEY_LENGTH);
      if (value == null) {
        throw new IllegalArgumentException(what + " have a null value for key '" + key + "'");
      }
      check(what, "value of", key, value, MAX_VALUE_LENGTH);
      copy.put(key, value);
    }
    return Map.copyOf(copy);
  }

  private static void check(String what, String part, String key, String text, int max) {
    if (text.length() > max) {
      throw new IllegalArgumentException(
          what
              + ": "
              + part
              + " '"
              + IpamNames.printable(key.length() > 40 ? key.substring(0, 40) + "…" : key)
              + "' is "
              + text.length()
              + " characters, more than the limit of "
              + max);
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalArgumentException(
            what
                + ": "
                + part
                + " '"
                + IpamNames.printable(key)
                + "' has a control character at index "
                + i);
      }
    }
  }
}
