package dev.gingham.internal.bgp.rib;

import dev.gingham.bgp.PathAttributes;
import java.lang.ref.WeakReference;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

/**
 * Interns {@link PathAttributes}: equal sets become one instance, so that routes that share a set
 * share its memory and compare by identity. Entries go when no route holds their set any more (the
 * map is weak). Not thread-safe: one per speaker, used on its event loop.
 */
public final class AttributeInterner implements UnaryOperator<PathAttributes> {
  private final WeakHashMap<PathAttributes, WeakReference<PathAttributes>> map =
      new WeakHashMap<>();

  /** The canonical instance equal to {@code attributes}. */
  @Override
  public PathAttributes apply(PathAttributes attributes) {
    WeakReference<PathAttributes> ref = map.get(attributes);
    PathAttributes canonical = ref == null ? null : ref.get();
    if (canonical == null) {
      map.put(attributes, new WeakReference<>(attributes));
      canonical = attributes;
    }
    return canonical;
  }

  /** The number of distinct sets held. */
  public int size() {
    return map.size();
  }
}
