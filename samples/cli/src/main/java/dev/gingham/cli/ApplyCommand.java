package dev.gingham.cli;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import picocli.CommandLine.Command;

/** {@code gingham apply}: creates or replaces the resources of files. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create or replace the resources of files, all or nothing: every document is checked first,",
      "and nothing is written when any is invalid. A resourceVersion in a file makes its write",
      "conditional on the resource being at that version."
    },
    footer = {
      "",
      "Examples:",
      "  gingham apply -f pools.yaml",
      "  gingham apply -f manifests/ -f policy.json",
      "  cat calico-policy.yaml | gingham apply -f -",
    })
final class ApplyCommand extends ResourceWriteCommand {
  @Override
  ResourceChange change(Resource<?> resource) {
    return ResourceChange.apply(resource);
  }
}
