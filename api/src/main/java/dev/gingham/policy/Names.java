package dev.gingham.policy;

/** The rules for resource names, shared by the model types. */
final class Names {
  private Names() {}

  /**
   * A resource name: a DNS subdomain (lowercase letters, digits, {@code -} and {@code .}, starting
   * and ending with a letter or digit), 1 to 253 characters.
   */
  static String requireName(String resource, String field, String name) {
    if (name == null || name.isEmpty() || name.length() > 253 || !subdomain(name)) {
      throw new InvalidPolicyException(
          resource,
          field,
          "'"
              + name
              + "' is not a valid name: 1..253 characters [a-z0-9.-], starting and ending with a"
              + " letter or digit");
    }
    return name;
  }

  /** A namespace or tier name: a DNS label, 1 to 63 characters of {@code [a-z0-9-]}. */
  static String requireLabelName(String resource, String field, String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > 63
        || name.indexOf('.') >= 0
        || !subdomain(name)) {
      throw new InvalidPolicyException(
          resource,
          field,
          "'"
              + name
              + "' is not a valid name: 1..63 characters [a-z0-9-], starting and ending with a"
              + " letter or digit");
    }
    return name;
  }

  /** An interface name, as {@link dev.gingham.net.InterfaceName} checks it. */
  static String requireInterface(String resource, String name) {
    try {
      return dev.gingham.net.InterfaceName.requireValid(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(resource, "spec.interfaceName", e.getMessage());
    }
  }

  private static boolean subdomain(String s) {
    if (!alnum(s.charAt(0)) || !alnum(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alnum(c) && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
