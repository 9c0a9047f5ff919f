package dev.gingham.net;

/**
 * The rules for a Linux network interface name: 1 to 15 bytes ({@code IFNAMSIZ} less the
 * terminator), printable ASCII, no {@code /}, {@code :} or whitespace, and not {@code .} or {@code
 * ..}.
 */
public final class InterfaceName {
  /** The longest name the kernel accepts. */
  public static final int MAX_LENGTH = 15;

  private InterfaceName() {}

  /**
   * Checks an interface name.
   *
   * @return the name
   * @throws IllegalArgumentException naming the bad name and what is wrong with it
   */
  public static String requireValid(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("interface name must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "interface name '" + name + "' is longer than " + MAX_LENGTH + " characters");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("interface name '" + name + "' is reserved");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
        throw new IllegalArgumentException(
            "interface name '" + name + "' has a forbidden character at index " + i);
      }
    }
    return name;
  }
}
