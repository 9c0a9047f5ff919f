package dev.gingham.internal.resource.codec;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Calico writes them, in Go's {@code time.Duration} text: {@code 120s}, {@code 1m30s},
 * {@code 1h}, {@code 500ms}, {@code 1.5s}. Thread-safe: stateless.
 */
final class GoDurations {
  private static final long MAX_NANOS = Long.MAX_VALUE;

  private GoDurations() {}

  /**
   * Reads a non-negative duration: one or more of a decimal number and a unit ({@code h}, {@code
   * m}, {@code s}, {@code ms}, {@code us}, {@code µs}, {@code ns}), or {@code 0}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong
   */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.isEmpty()) {
      throw bad(text, "it is empty");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(start, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw bad(text, "expected a number at index " + start);
      }
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      long scale = unit(text, text.substring(unitStart, i));
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(scale)));
      if (nanos.compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
        throw bad(text, "it is too long");
      }
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static long unit(String text, String unit) {
    switch (unit) {
      case "h":
        return 3_600_000_000_000L;
      case "m":
        return 60_000_000_000L;
      case "s":
        return 1_000_000_000L;
      case "ms":
        return 1_000_000L;
      case "us":
      case "µs":
        return 1_000L;
      case "ns":
        return 1L;
      case "":
        throw bad(text, "a number needs a unit (h, m, s, ms, us or ns)");
      default:
        throw bad(text, "unknown unit '" + unit + "' (h, m, s, ms, us or ns)");
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration such as 90s or 1m30s: " + why);
  }

  /** As Go writes it: {@code 1h2m3s}, {@code 1.5s}, {@code 500ms}, {@code 0s}. */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000L == 0) {
        return nanos / 1_000_000L + "ms";
      }
      if (nanos % 1_000L == 0) {
        return nanos / 1_000L + "us";
      }
      return nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    long hours = nanos / 3_600_000_000_000L;
    long minutes = nanos / 60_000_000_000L % 60;
    long secondNanos = nanos % 60_000_000_000L;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    BigDecimal seconds = BigDecimal.valueOf(secondNanos, 9).stripTrailingZeros();
    out.append(seconds.scale() <= 0 ? seconds.toBigInteger().toString() : seconds.toPlainString())
        .append('s');
    return out.toString();
  }
}
