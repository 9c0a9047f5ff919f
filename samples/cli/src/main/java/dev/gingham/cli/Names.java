package dev.gingham.cli;

import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the commands name resources to users, and read their names back. */
final class Names {
  private Names() {}

  /**
   * A resource as {@code -o name} prints it, and as messages name it: {@code ippool/default-ipv4},
   * {@code networkpolicy/prod/allow-web}.
   */
  static String of(ResourceId id) {
    return id.kind().name().toLowerCase(Locale.ROOT) + "/" + id.qualifiedName();
  }

  /**
   * The resource a command line names: {@code NAME}, or {@code NAMESPACE/NAME} for a namespaced
   * kind.
   *
   * @param namespace the {@code -n} namespace, used when the argument names none
   * @throws IllegalArgumentException naming the argument, when it is malformed
   */
  static ResourceId parse(ResourceKind<?> kind, String argument, @Nullable String namespace) {
    int slash = argument.indexOf('/');
    if (slash >= 0) {
      if (!kind.namespaced()) {
        throw new IllegalArgumentException(
            kind.name() + " is not namespaced; name it without a '/': '" + argument + "'");
      }
      return ResourceId.of(kind, argument.substring(0, slash), argument.substring(slash + 1));
    }
    return new ResourceId(kind, kind.namespaced() ? namespace : null, argument);
  }
}
