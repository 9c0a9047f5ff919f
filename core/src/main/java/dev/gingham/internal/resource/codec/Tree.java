package dev.gingham.internal.resource.codec;

import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.resource.InvalidResourceException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A node of a document tree with its path, for typed reads whose errors name the resource and
 * field: {@code NetworkPolicy prod/web: spec.ingress[0].ports[1].port: expected a number or a name,
 * got true}. What the error is made of is the tree's {@link Errors}: policy readers throw {@link
 * InvalidPolicyException}, resource readers {@link InvalidResourceException}. Immutable.
 */
public final class Tree {
  /** Makes the exception a bad field throws. */
  @FunctionalInterface
  public interface Errors {
    /** The exception for {@code problem} at {@code field} of {@code resource}. */
    IllegalArgumentException error(String resource, String field, String problem);
  }

  /** Errors as policy readers throw them. */
  public static final Errors POLICY = InvalidPolicyException::new;

  final String resource;
  final String path;
  final @Nullable Object value;
  private final Errors errors;

  private Tree(String resource, String path, @Nullable Object value, Errors errors) {
    this.resource = resource;
    this.path = path;
    this.value = value;
    this.errors = errors;
  }

  /** The root of a document, whose errors are {@link InvalidPolicyException}s. */
  public static Tree root(String resource, @Nullable Object value) {
    return new Tree(resource, "", value, POLICY);
  }

  /** The root of a document, whose errors {@code errors} makes. */
  public static Tree root(String resource, @Nullable Object value, Errors errors) {
    return new Tree(resource, "", value, errors);
  }

  /** This node as the root of a resource now known by name, keeping its errors. */
  Tree asRoot(String resource) {
    return new Tree(resource, "", value, errors);
  }

  @Nullable Object value() {
    return value;
  }

  boolean isMissing() {
    return value == null;
  }

  Tree get(String key) {
    Map<?, ?> m = mapOrNull();
    return new Tree(
        resource, path.isEmpty() ? key : path + "." + key, m == null ? null : m.get(key), errors);
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

  /**
   * Refuses fields other than these.
   *
   * @param known the fields this object may have
   * @throws IllegalArgumentException naming the first unknown field and listing the known ones
   */
  Tree requireOnly(List<String> known) {
    Map<?, ?> m = mapOrNull();
    if (m != null) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String) || !known.contains(k)) {
          Tree at = get(String.valueOf(k));
          throw at.error(
              "unknown field; "
                  + (known.isEmpty()
                      ? "this object has no fields"
                      : "the fields are " + String.join(", ", known)));
        }
      }
    }
    return this;
  }

  /** Refuses a field that is set, saying why Gingham does not support it. */
  Tree refuse(String key, String why) {
    Tree t = get(key);
    if (!t.isMissing()) {
      throw t.error(why);
    }
    return this;
  }

  /** Refuses a field set to anything but what is the same as leaving it out. */
  Tree refuseUnless(String key, Object same, String why) {
    Tree t = get(key);
    if (!t.isMissing() && !same.equals(t.value)) {
      throw t.error(why);
    }
    return this;
  }

  List<Tree> list() {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw error("expected a list, got " + describe(value));
    }
    List<?> l = (List<?>) value;
    List<Tree> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      out.add(new Tree(resource, path + "[" + i + "]", l.get(i), errors));
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
    Long l = longValue();
    if (l == null) {
      return null;
    }
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw error("number " + l + " is out of range");
    }
    return (int) (long) l;
  }

  @Nullable Long longValue() {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger) {
      throw error("number " + value + " is out of range");
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

  @Nullable Boolean bool() {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean)) {
      throw error("expected true or false, got " + describe(value));
    }
    return (Boolean) value;
  }

  boolean bool(boolean missing) {
    Boolean b = bool();
    return b == null ? missing : b;
  }

  Map<String, String> stringMap() {
    Map<?, ?> m = mapOrNull();
    TreeMap<String, String> out = new TreeMap<>();
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

  List<String> strings() {
    List<String> out = new ArrayList<>();
    for (Tree s : list()) {
      out.add(s.requiredString());
    }
    return out;
  }

  IllegalArgumentException error(String problem) {
    return errors.error(resource, path.isEmpty() ? "(document)" : path, problem);
  }

  /**
   * Runs {@code read}, turning what a value type throws into this tree's error: a policy or
   * resource exception keeps the field it names (paths from the resource's root, as this tree's
   * are), any other {@link IllegalArgumentException} is put at this node.
   */
  <T> T wrap(Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidPolicyException e) {
      if (errors == POLICY) {
        throw e;
      }
      throw errors.error(resource, e.field(), e.problem());
    } catch (InvalidResourceException e) {
      throw errors.error(resource, e.field(), e.problem());
    } catch (IllegalArgumentException e) {
      throw error(String.valueOf(e.getMessage()));
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
