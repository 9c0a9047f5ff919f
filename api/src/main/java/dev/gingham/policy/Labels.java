package dev.gingham.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of labels: keys and values as Kubernetes writes them. A key is an optional DNS
 * subdomain prefix and a {@code /}, then a name of 1 to 63 characters ({@code [A-Za-z0-9]}, with
 * {@code - _ .} inside); a value is empty or a name of up to 63 characters.
 *
 * <p>Keys are kept sorted, so {@link #get(String)} is a binary search that allocates nothing: it is
 * what {@link Selector#matches(Labels)} calls on its hot path. Equal label sets are equal and print
 * the same. Thread-safe.
 */
public final class Labels {
  private static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] keys;
  private final String[] values;

  private Labels(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** No labels. */
  public static Labels empty() {
    return EMPTY;
  }

  /**
   * Labels from a map.
   *
   * @throws IllegalArgumentException naming the first bad key or value
   */
  public static Labels of(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      sorted.put(requireKey(e.getKey()), requireValue(e.getKey(), e.getValue()));
    }
    return new Labels(
        sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0]));
  }

  /** Labels from alternating keys and values: {@code of("app", "web", "tier", "front")}. */
  public static Labels of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need a value for every key, got " + keysAndValues.length + " strings");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (m.put(keysAndValues[i], keysAndValues[i + 1]) != null) {
        throw new IllegalArgumentException("label key '" + keysAndValues[i] + "' given twice");
      }
    }
    return of(m);
  }

  /** The value of {@code key}, or null when absent. Allocates nothing. */
  public @Nullable String get(String key) {
    int i = Arrays.binarySearch(keys, key);
    return i >= 0 ? values[i] : null;
  }

  /** Whether {@code key} is present. Allocates nothing. */
  public boolean containsKey(String key) {
    return Arrays.binarySearch(keys, key) >= 0;
  }

  /** Calls {@code action} with each key and value, in key order. Allocates nothing. */
  public void forEach(java.util.function.BiConsumer<String, String> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  /** The number of labels. */
  public int size() {
    return keys.length;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return keys.length == 0;
  }

  /** The labels as an unmodifiable map sorted by key. */
  public Map<String, String> asMap() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * These labels with {@code key} set to {@code value}.
   *
   * @throws IllegalArgumentException naming a bad key or value
   */
  public Labels with(String key, String value) {
    // An insert into the sorted arrays: every endpoint's effective labels are built with this, by
    // each node that renders policy, so no maps are made on the way.
    requireValue(requireKey(key), value);
    int i = Arrays.binarySearch(keys, key);
    if (i >= 0) {
      if (values[i].equals(value)) {
        return this;
      }
      String[] v = values.clone();
      v[i] = value;
      return new Labels(keys, v);
    }
    int at = -i - 1;
    String[] k = new String[keys.length + 1];
    String[] v = new String[keys.length + 1];
    System.arraycopy(keys, 0, k, 0, at);
    System.arraycopy(values, 0, v, 0, at);
    k[at] = key;
    v[at] = value;
    System.arraycopy(keys, at, k, at + 1, keys.length - at);
    System.arraycopy(values, at, v, at + 1, keys.length - at);
    return new Labels(k, v);
  }

  /** These labels without {@code key}. */
  public Labels without(String key) {
    if (!containsKey(key)) {
      return this;
    }
    Map<String, String> m = new TreeMap<>(asMap());
    m.remove(key);
    return of(m);
  }

  /** These labels overlaid by {@code other}: where both have a key, {@code other}'s value wins. */
  public Labels overlay(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    // A merge of the two sorted arrays, both checked already.
    String[] k = new String[keys.length + other.keys.length];
    String[] v = new String[k.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < keys.length || j < other.keys.length) {
      int c = i == keys.length ? 1 : j == other.keys.length ? -1 : keys[i].compareTo(other.keys[j]);
      if (c < 0) {
        k[n] = keys[i];
        v[n++] = values[i++];
      } else {
        k[n] = other.keys[j];
        v[n++] = other.values[j++];
        if (c == 0) {
          i++;
        }
      }
    }
    return new Labels(Arrays.copyOf(k, n), Arrays.copyOf(v, n));
  }

  /**
   * Checks a label key.
   *
   * @return the key
   * @throws IllegalArgumentException naming the key and what is wrong with it
   */
  public static String requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("label key must not be empty");
    }
    int slash = key.indexOf('/');
    String name = key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !isDnsSubdomain(prefix)) {
        throw new IllegalArgumentException(
            "label key '" + key + "' has a prefix that is not a DNS subdomain: '" + prefix + "'");
      }
    }
    if (name.isEmpty() || name.length() > 63 || !isName(name)) {
      throw new IllegalArgumentException(
          "label key '"
              + key
              + "' must end in a name of 1..63 characters [A-Za-z0-9], with - _ . inside");
    }
    return key;
  }

  /**
   * Checks a label value.
   *
   * @return the value
   * @throws IllegalArgumentException naming the key, the value and what is wrong with it
   */
  public static String requireValue(String key, String value) {
    if (value == null) {
      throw new IllegalArgumentException("label '" + key + "' has no value");
    }
    if (value.length() > 63 || (!value.isEmpty() && !isName(value))) {
      throw new IllegalArgumentException(
          "label '"
              + key
              + "' has value '"
              + value
              + "': a value is empty or 1..63 characters [A-Za-z0-9], with - _ . inside");
    }
    return value;
  }

  private static boolean isName(String s) {
    if (!alnum(s.charAt(0)) || !alnum(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDnsSubdomain(String s) {
    // Part by part without splitting: every effective label set checks its namespace key.
    int start = 0;
    while (true) {
      int end = s.indexOf('.', start);
      if (end < 0) {
        end = s.length();
      }
      int len = end - start;
      if (len == 0 || len > 63) {
        return false;
      }
      if (!lowerAlnum(s.charAt(start)) || !lowerAlnum(s.charAt(end - 1))) {
        return false;
      }
      for (int i = start; i < end; i++) {
        char c = s.charAt(i);
        if (!lowerAlnum(c) && c != '-') {
          return false;
        }
      }
      if (end == s.length()) {
        return true;
      }
      start = end + 1;
    }
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean lowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels
        && Arrays.equals(keys, ((Labels) o).keys)
        && Arrays.equals(values, ((Labels) o).values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  /** As {@code {app=web, tier=front}}. */
  @Override
  public String toString() {
    return asMap().toString();
  }
}
