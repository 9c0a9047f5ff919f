package dev.gingham.spi.datastore.base;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A datastore URI taken apart: the target (what follows the scheme, up to {@code ?}) and the
 * options ({@code ?name=value&...}). Every option is checked against the names the provider knows,
 * and every value against its type, before a store is opened: a mistake is an {@link
 * IllegalArgumentException} that names the option.
 */
public final class DatastoreUri {
  private final URI uri;
  private final String target;
  private final Map<String, String> options;

  private DatastoreUri(URI uri, String target, Map<String, String> options) {
    this.uri = uri;
    this.target = target;
    this.options = options;
  }

  /**
   * Parses a URI.
   *
   * @param uri the URI
   * @param knownOptions the option names the provider accepts
   * @throws IllegalArgumentException on an unknown or repeated option
   */
  public static DatastoreUri parse(URI uri, Set<String> knownOptions) {
    String ssp = uri.getRawSchemeSpecificPart();
    String query = null;
    int q = ssp.indexOf('?');
    if (q >= 0) {
      query = ssp.substring(q + 1);
      ssp = ssp.substring(0, q);
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!knownOptions.contains(name)) {
          throw new IllegalArgumentException(
              "unknown option '"
                  + name
                  + "' in datastore URI '"
                  + redacted(uri)
                  + "'; known options: "
                  + new TreeSet<>(knownOptions));
        }
        if (options.put(name, value) != null) {
          throw new IllegalArgumentException(
              "option '" + name + "' given twice in datastore URI '" + redacted(uri) + "'");
        }
      }
    }
    return new DatastoreUri(uri, decode(ssp), Collections.unmodifiableMap(options));
  }

  /** The URI with any password replaced, for messages. */
  public static String redacted(URI uri) {
    String info = uri.getRawUserInfo();
    String text = uri.toString();
    if (info != null && info.contains(":")) {
      text = text.replace(info, info.substring(0, info.indexOf(':')) + ":****");
    }
    return text.replaceAll("(?i)(password=)[^&]*", "$1****");
  }

  /** The URI. */
  public URI uri() {
    return uri;
  }

  /** What follows the scheme, up to the options, decoded. */
  public String target() {
    return target;
  }

  /** The options given, by name. */
  public Map<String, String> options() {
    return options;
  }

  /** An option's value, or null when absent. */
  public @Nullable String option(String name) {
    return options.get(name);
  }

  /** A string option, or its default. */
  public String string(String name, String defaultValue) {
    String v = options.get(name);
    return v == null ? defaultValue : v;
  }

  /** An integer option within bounds, or its default. */
  public int integer(String name, int defaultValue, int min, int max) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw bad(name, v, "an integer from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw bad(name, v, "an integer from " + min + " to " + max);
    }
  }

  /** A boolean option ({@code true} or {@code false}), or its default. */
  public boolean bool(String name, boolean defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name, v, "true or false");
    };
  }

  /**
   * A duration option, or its default. Accepts {@code 250ms}, {@code 5s}, {@code 2m} and ISO-8601
   * ({@code PT5S}).
   */
  public Duration duration(String name, Duration defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        d = Duration.parse(v);
      }
      if (d.isNegative() || d.isZero()) {
        throw bad(name, v, "a positive duration such as 500ms, 5s or 2m");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw bad(name, v, "a positive duration such as 500ms, 5s or 2m");
    }
  }

  /** One of a fixed set of words, or its default. */
  public String choice(String name, String defaultValue, Set<String> allowed) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!allowed.contains(v)) {
      throw bad(name, v, "one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  private IllegalArgumentException bad(String name, String value, String expected) {
    return new IllegalArgumentException(
        "option '"
            + name
            + "' in datastore URI '"
            + redacted(uri)
            + "' is '"
            + value
            + "', expected "
            + expected);
  }

  private static String decode(String s) {
    // URLDecoder reads '+' as a space, as forms do; in a URI it is a plus.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
