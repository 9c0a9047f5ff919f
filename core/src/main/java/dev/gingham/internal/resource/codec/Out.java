package dev.gingham.internal.resource.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An object being written: fields in the order they are put, with what is unset or empty left out,
 * so that equal specs give equal documents. Not thread-safe.
 */
final class Out {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** Puts a value, unless it is null. */
  Out put(String key, @Nullable Object value) {
    if (value != null) {
      fields.put(key, value);
    }
    return this;
  }

  /** Puts a value's text, unless it is null. */
  Out text(String key, @Nullable Object value) {
    return put(key, value == null ? null : value.toString());
  }

  /** Puts true; leaves false out. */
  Out flag(String key, boolean value) {
    return value ? put(key, true) : this;
  }

  /** Puts a number as a whole number when it is one. */
  Out number(String key, @Nullable Double value) {
    return put(key, value == null ? null : number(value));
  }

  /** Puts each element's text, unless there are none. */
  Out texts(String key, Collection<?> values) {
    return list(key, values, Object::toString);
  }

  /** Puts the elements as {@code each} writes them, unless there are none. */
  <E> Out list(String key, Collection<E> values, Function<E, Object> each) {
    if (!values.isEmpty()) {
      List<Object> out = new ArrayList<>(values.size());
      for (E v : values) {
        out.add(each.apply(v));
      }
      fields.put(key, out);
    }
    return this;
  }

  /** Puts a map, unless it is empty. */
  Out map(String key, Map<String, ?> value) {
    if (!value.isEmpty()) {
      fields.put(key, new LinkedHashMap<>(value));
    }
    return this;
  }

  /** Puts an object, unless it is empty. */
  Out object(String key, Out value) {
    return map(key, value.fields);
  }

  Map<String, Object> fields() {
    return fields;
  }

  /**
   * A number as a {@code Long} when it is whole, so that {@code order: 100} does not read 100.0.
   */
  static Object number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return (long) value;
    }
    return value;
  }
}
