package dev.gingham.spi.dataplane.filter;

/** The rules for nftables object names and texts that Gingham writes. */
final class FilterNames {
  /** nftables' NFT_NAME_MAXLEN, less the terminator. */
  static final int MAX_NAME = 255;

  private FilterNames() {}

  /** A table, chain, set or map name: letters, digits, {@code _ - .}, starting with a letter. */
  static String requireName(String what, String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          what + " name must be 1.." + MAX_NAME + " characters, was '" + name + "'");
    }
    if (!Character.isLetter(name.charAt(0)) || name.charAt(0) > 0x7f) {
      throw new IllegalArgumentException(what + " name '" + name + "' must start with a letter");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(
            what + " name '" + name + "' has a forbidden character at index " + i);
      }
    }
    return name;
  }

  /**
   * Text that goes into an nftables script verbatim (a rule body, a set key): one statement, so no
   * line breaks, semicolons or comment signs that would smuggle in another.
   */
  static String requireText(String what, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == ';' || c == '#' || c < ' ') {
        throw new IllegalArgumentException(
            what + " '" + text + "' has a forbidden character at index " + i);
      }
    }
    return text;
  }

  /** A comment: printable, no quotes, at most 128 characters (nftables' limit). */
  static String requireComment(String comment) {
    if (comment.length() > 128) {
      throw new IllegalArgumentException(
          "comment is longer than 128 characters: '" + comment + "'");
    }
    for (int i = 0; i < comment.length(); i++) {
      char c = comment.charAt(i);
      if (c < ' ' || c == '"' || c == '\\') {
        throw new IllegalArgumentException(
            "comment '" + comment + "' has a forbidden character at index " + i);
      }
    }
    return comment;
  }
}
