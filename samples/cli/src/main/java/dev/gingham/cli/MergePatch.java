package dev.gingham.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON merge patch (RFC 7396), applied to document trees: an object patches an object field by
 * field, a null removes a field, anything else replaces. The target is not modified. Thread-safe:
 * stateless.
 */
final class MergePatch {
  private MergePatch() {}

  /** The target with the patch applied. */
  @SuppressWarnings("unchecked")
  static @Nullable Object apply(@Nullable Object target, @Nullable Object patch) {
    if (!(patch instanceof Map)) {
      return patch;
    }
    Map<String, Object> result =
        target instanceof Map
            ? new LinkedHashMap<>((Map<String, Object>) target)
            : new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) patch).entrySet()) {
      String key = String.valueOf(e.getKey());
      if (e.getValue() == null) {
        result.remove(key);
      } else {
        result.put(key, apply(result.get(key), e.getValue()));
      }
    }
    return result;
  }
}
