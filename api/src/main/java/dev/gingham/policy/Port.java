package dev.gingham.policy;

import org.jspecify.annotations.Nullable;

/**
 * A port match: a number, a range {@code min:max}, or a named port, which each endpoint resolves to
 * its own number (a Kubernetes container port name). Immutable value.
 *
 * @param min the first port, or 0 for a named port
 * @param max the last port, or 0 for a named port
 * @param name the port name, or null for a number or range
 */
public record Port(int min, int max, @Nullable String name) {
  public Port {
    if (name != null) {
      requireName(name);
      if (min != 0 || max != 0) {
        throw new IllegalArgumentException("named port '" + name + "' cannot have numbers");
      }
    } else {
      requirePort(min);
      requirePort(max);
      if (min > max) {
        throw new IllegalArgumentException("port range " + min + ":" + max + " is reversed");
      }
    }
  }

  /** One port. */
  public static Port of(int port) {
    return new Port(port, port, null);
  }

  /** A range of ports, inclusive. */
  public static Port range(int min, int max) {
    return new Port(min, max, null);
  }

  /** A named port. */
  public static Port named(String name) {
    return new Port(0, 0, name);
  }

  /**
   * Reads {@code 80}, {@code 1000:2000} or a port name.
   *
   * @throws IllegalArgumentException naming the text and what is wrong
   */
  public static Port parse(String text) {
    try {
      int colon = text.indexOf(':');
      if (colon >= 0) {
        return range(
            number(text, text.substring(0, colon)), number(text, text.substring(colon + 1)));
      }
      if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
        return of(number(text, text));
      }
      return named(text);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().contains("'" + text + "'")) {
        throw e;
      }
      throw new IllegalArgumentException("port '" + text + "': " + e.getMessage(), e);
    }
  }

  private static int number(String text, String digits) {
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("port '" + text + "' is not a number or range");
    }
    return Integer.parseInt(digits);
  }

  private static void requirePort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
    }
  }

  /**
   * Checks a port name as Kubernetes does (an IANA service name): 1 to 15 characters of {@code
   * [a-z0-9-]}, at least one letter, no {@code -} at either end and no {@code --}.
   *
   * @return the name
   * @throws IllegalArgumentException naming the name and what is wrong with it
   */
  public static String requireName(String name) {
    boolean letter = false;
    boolean ok = !name.isEmpty() && name.length() <= 15;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      letter |= c >= 'a' && c <= 'z';
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    ok = ok && letter && !name.startsWith("-") && !name.endsWith("-") && !name.contains("--");
    if (!ok) {
      throw new IllegalArgumentException(
          "port name '"
              + name
              + "' is invalid: 1..15 characters [a-z0-9-] with a letter, no '-' at an end and no"
              + " '--'");
    }
    return name;
  }

  /** Whether this is a named port. */
  public boolean isNamed() {
    return name != null;
  }

  /** Whether a number falls in this range; false for a named port. */
  public boolean contains(int port) {
    return name == null && port >= min && port <= max;
  }

  /** As {@code 80}, {@code 1000:2000} or the name. */
  @Override
  public String toString() {
    if (name != null) {
      return name;
    }
    return min == max ? Integer.toString(min) : min + ":" + max;
  }
}
