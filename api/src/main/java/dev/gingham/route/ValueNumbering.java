package dev.gingham.route;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The numbering of {@link PrefixMap}'s default {@code longestMatchIds}: values numbered from 1 in
 * the order first seen, by identity (as a map holds them), 0 for no value.
 *
 * @param <V> the type of the values
 */
final class ValueNumbering<V> implements PrefixMap.ValueIds<V> {
  private final Map<V, Integer> ids = new IdentityHashMap<>();
  private final List<V> values = new ArrayList<>();

  int idOf(@Nullable V value) {
    if (value == null) {
      return 0;
    }
    return ids.computeIfAbsent(
        value,
        v -> {
          values.add(v);
          return values.size();
        });
  }

  @Override
  public @Nullable V value(int id) {
    Objects.checkIndex(id, values.size() + 1);
    return id == 0 ? null : values.get(id - 1);
  }
}
