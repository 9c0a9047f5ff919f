package dev.gingham.cli;

import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The {@code KIND NAME} and {@code -n} of the commands that change one resource. */
final class ResourceName {
  @Parameters(index = "0", paramLabel = "KIND", description = "The kind of resource.")
  String kind;

  @Parameters(index = "1", paramLabel = "NAME", description = "Its name, or NAMESPACE/NAME.")
  String name;

  @Mixin NamespaceOption namespace;

  /**
   * The resource named.
   *
   * @throws IllegalArgumentException if the kind or name is malformed
   */
  ResourceId id() {
    return Names.parse(ResourceKind.parse(kind), name, namespace.namespace);
  }
}
