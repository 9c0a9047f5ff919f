package dev.gingham.internal.policy.resource;

import dev.gingham.policy.InvalidPolicyException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node of a document tree with its path, for typed reads whose errors name the resource and
 * field: {@code NetworkPolicy prod/web: spec.ingress[0].ports[1].port: expected a number or a name,
 * got true}.
 */
final class Tree {
  final String resource;
  final String path;
  final @Nullable Object value;

  Tree(String resource, String path, @Nullable Object value) {
    this.resource = resource;
    this.path = path;
    this.value = value;
  }

  static Tree root(String resource, Object value) {
    return new Tree(resource, "", value);
  }

  boolean isMissing() {
    return value == null;
  }

  Tree get(String key) {
    Map<?, ?> m = mapOrNull();
    return new Tree(
        resource, path.isEmpty() ? key : path + "." + key, m == null ? null : m.get(key));
  }

  @Nullable Map<?, ?> mapOrNull() {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map)) {
      throw error("expected an object, got " + describe(value));
    }
    return (Map<?, ?>) value;
  }

  List<Tree> list() {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw error("expected a list, got " + describe(value));
    }
    List<?> l = (List<?>) value;
    java.util.ArrayList<Tree> out = new java.util.ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(new Tree(resource, path + "[" + i + "]", l.get(i)));
    }
    return out;
  }

  @Nullable String string() {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String)) {
      throw error("expected a string, got " + describe(value));
    }
    return (String) value;
  }

  String requiredString() {
    String s = string();
    if (s == null) {
      throw error("is required");
    }
    return s;
  }

  @Nullable Integer integer() {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long l = ((Number) value).longValue();
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
        throw error("number " + l + " is out of range");
      }
      return (int) l;
    }
    throw error("expected a whole number, got " + describe(value));
  }

  @Nullable Double number() {
    if (value == null) {
      return null;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    throw error("expected a number, got " + describe(value));
  }

  Map<String, String> stringMap() {
    Map<?, ?> m = mapOrNull();
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
    if (m != null) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Tree v = get(String.valueOf(e.getKey()));
        if (!(e.getValue() instanceof String)) {
          throw v.error("expected a string, got " + describe(e.getValue()));
        }
        out.put(String.valueOf(e.getKey()), (String) e.getValue());
      }
    }
    return out;
  }

  InvalidPolicyException error(String problem) {
    return new InvalidPolicyException(resource, path.isEmpty() ? "(document)" : path, problem);
  }

  /** Runs {@code read}, turning an IllegalArgumentException into one that names this field. */
  <T> T wrap(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidPolicyException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  static String describe(@Nullable Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    return v instanceof String ? "'" + v + "'" : String.valueOf(v);
  }
}
