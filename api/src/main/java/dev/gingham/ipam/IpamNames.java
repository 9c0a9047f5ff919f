package dev.gingham.ipam;

/**
 * The rules for the names IPAM stores: handles, host names and resource names. Each becomes part of
 * a datastore key, so none may hold a {@code '/'}, white space or a control character.
 *
 * <ul>
 *   <li>A <b>handle</b> ties addresses to their owner, such as {@code k8s-pod-network.<container
 *       id>}: 1 to {@value #MAX_HANDLE_LENGTH} characters from {@code A-Z a-z 0-9} and {@code
 *       -._:@+=~,}.
 *   <li>A <b>host</b> name: 1 to {@value #MAX_HOST_LENGTH} characters from {@code A-Z a-z 0-9} and
 *       {@code -._}, starting and ending with a letter or digit.
 *   <li>A <b>resource name</b> (of a pool or a reservation) is a DNS-1123 subdomain: 1 to {@value
 *       #MAX_NAME_LENGTH} characters from {@code a-z 0-9 -.}, starting and ending with a letter or
 *       digit.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class IpamNames {
  /** The longest handle. */
  public static final int MAX_HANDLE_LENGTH = 512;

  /** The longest host name. */
  public static final int MAX_HOST_LENGTH = 253;

  /** The longest pool or reservation name. */
  public static final int MAX_NAME_LENGTH = 253;

  private IpamNames() {}

  /**
   * Checks a handle.
   *
   * @return the handle
   * @throws IllegalArgumentException if it is null, empty, too long or holds another character; the
   *     message quotes it
   */
  public static String requireHandle(String handle) {
    check("handle", handle, MAX_HANDLE_LENGTH);
    for (int i = 0; i < handle.length(); i++) {
      char c = handle.charAt(i);
      if (!isAlphanumeric(c) && "-._:@+=~,".indexOf(c) < 0) {
        throw bad("handle", handle, "character " + describe(c) + " at index " + i);
      }
    }
    return handle;
  }

  /**
   * Checks a host name.
   *
   * @return the host name
   * @throws IllegalArgumentException if it is null, empty, too long, holds another character, or
   *     starts or ends with punctuation; the message quotes it
   */
  public static String requireHost(String host) {
    check("host name", host, MAX_HOST_LENGTH);
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!isAlphanumeric(c) && "-._".indexOf(c) < 0) {
        throw bad("host name", host, "character " + describe(c) + " at index " + i);
      }
    }
    requireAlphanumericEnds("host name", host);
    return host;
  }

  /**
   * Checks the name of a pool or a reservation.
   *
   * @param what what is named, for the message ("pool name")
   * @return the name
   * @throws IllegalArgumentException if it is not a DNS-1123 subdomain; the message quotes it
   */
  public static String requireResourceName(String what, String name) {
    check(what, name, MAX_NAME_LENGTH);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok) {
        throw bad(
            what,
            name,
            "character "
                + describe(c)
                + " at index "
                + i
                + " (lower-case letters, digits, '-' and '.' only)");
      }
    }
    requireAlphanumericEnds(what, name);
    return name;
  }

  private static void check(String what, String value, int max) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value.substring(0, 32)
              + "…' is "
              + value.length()
              + " characters, more than the limit of "
              + max);
    }
  }

  private static void requireAlphanumericEnds(String what, String value) {
    if (!isAlphanumeric(value.charAt(0)) || !isAlphanumeric(value.charAt(value.length() - 1))) {
      throw bad(what, value, "it must start and end with a letter or a digit");
    }
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static IllegalArgumentException bad(String what, String value, String why) {
    return new IllegalArgumentException(
        "malformed " + what + " '" + printable(value) + "': " + why);
  }

  /** A character as a message shows it: quoted when printable, as a code point otherwise. */
  static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /** The value with control characters escaped, so that a message stays on one line. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
