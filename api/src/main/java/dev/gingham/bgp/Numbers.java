package dev.gingham.bgp;

/** Parsing of the colon-separated decimal forms of communities. */
final class Numbers {
  private Numbers() {}

  /**
   * Parses exactly {@code count} colon-separated decimal numbers, each in 0..max.
   *
   * @throws IllegalArgumentException quoting the text otherwise
   */
  static long[] parseColonSeparated(String text, int count, long max, String what) {
    String[] parts = text.split(":", -1);
    if (parts.length != count) {
      throw bad(text, count, max, what);
    }
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 10) {
        throw bad(text, count, max, what);
      }
      for (int k = 0; k < p.length(); k++) {
        if (p.charAt(k) < '0' || p.charAt(k) > '9') {
          throw bad(text, count, max, what);
        }
      }
      out[i] = Long.parseLong(p);
      if (out[i] > max) {
        throw bad(text, count, max, what);
      }
    }
    return out;
  }

  private static IllegalArgumentException bad(String text, int count, long max, String what) {
    return new IllegalArgumentException(
        "not a "
            + what
            + ": '"
            + text
            + "' (expected "
            + count
            + " numbers in 0.."
            + max
            + " separated by ':')");
  }
}
