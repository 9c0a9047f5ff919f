package dev.gingham.cli;

import picocli.CommandLine.Option;

/** The {@code -n} option of the commands that name namespaced resources. */
final class NamespaceOption {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      defaultValue = "default",
      description = "The namespace of namespaced kinds (default: ${DEFAULT-VALUE}).")
  String namespace;
}
