package dev.gingham.resource;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What names a resource in a store: its kind, its namespace when the kind has one, and its name.
 *
 * @param kind the kind
 * @param namespace the namespace, which a namespaced kind needs and any other kind refuses
 * @param name the name
 */
public record ResourceId(ResourceKind<?> kind, @Nullable String namespace, String name) {
  public ResourceId {
    Objects.requireNonNull(kind, "kind");
    ObjectMeta.requireName("metadata.name", name);
    if (kind.namespaced()) {
      ObjectMeta.requireNamespace("metadata.namespace", namespace);
    } else if (namespace != null) {
      throw new InvalidResourceException(
          "metadata.namespace",
          kind.name() + " is not namespaced, but namespace '" + namespace + "' is given");
    }
  }

  /** The id of a resource of a kind that has no namespace. */
  public static ResourceId of(ResourceKind<?> kind, String name) {
    return new ResourceId(kind, null, name);
  }

  /** The id of a namespaced resource. */
  public static ResourceId of(ResourceKind<?> kind, String namespace, String name) {
    return new ResourceId(kind, namespace, name);
  }

  /** The namespace and name as {@code ns/name}, or the name alone. */
  public String qualifiedName() {
    return namespace == null ? name : namespace + "/" + name;
  }

  /** As {@code NetworkPolicy prod/allow-web} or {@code IPPool default-ipv4}. */
  @Override
  public String toString() {
    return kind.name() + " " + qualifiedName();
  }
}
