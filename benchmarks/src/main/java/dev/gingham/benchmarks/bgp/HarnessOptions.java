package dev.gingham.benchmarks.bgp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code --name value} options of a harness's command line. Immutable. */
final class HarnessOptions {
  private final Map<String, String> values;

  private HarnessOptions(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code --name value} pairs.
   *
   * @throws IllegalArgumentException naming an option not in {@code known}, or one without a value
   */
  static HarnessOptions parse(String[] args, String... known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!List.of(known).contains(args[i])) {
        throw new IllegalArgumentException(
            "unknown option " + args[i] + " (known: " + String.join(", ", known) + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      values.put(args[i], args[i + 1]);
    }
    return new HarnessOptions(values);
  }

  @Nullable String get(String name) {
    return values.get(name);
  }

  String get(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  long getLong(String name, long otherwise) {
    String v = values.get(name);
    try {
      return v == null ? otherwise : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + v + "'", e);
    }
  }

  int getInt(String name, int otherwise) {
    long v = getLong(name, otherwise);
    if (v != (int) v) {
      throw new IllegalArgumentException(name + " is out of range: " + v);
    }
    return (int) v;
  }
}
