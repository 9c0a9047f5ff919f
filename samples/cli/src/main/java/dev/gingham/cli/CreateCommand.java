package dev.gingham.cli;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import picocli.CommandLine.Command;

/** {@code gingham create}: creates the resources of files, which must not exist. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create the resources of files, all or nothing: nothing is written when any is invalid or",
      "exists already."
    },
    footer = {
      "",
      "Examples:",
      "  gingham create -f tier.yaml",
      "  gingham create -f - < peers.json"
    })
final class CreateCommand extends ResourceWriteCommand {
  @Override
  ResourceChange change(Resource<?> resource) {
    return ResourceChange.create(resource);
  }
}
