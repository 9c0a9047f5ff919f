package dev.gingham.cli;

import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import picocli.CommandLine.Command;

/** {@code gingham replace}: replaces resources, which must exist. */
@Command(
    name = "replace",
    mixinStandardHelpOptions = true,
    description = {
      "Replace the resources of files, all or nothing: nothing is written when any is invalid or",
      "does not exist. A resourceVersion in a file makes its write conditional on it."
    },
    footer = {
      "",
      "Examples:",
      "  gingham get ippool default-ipv4 -o yaml > pool.yaml   # edit it, then:",
      "  gingham replace -f pool.yaml",
    })
final class ReplaceCommand extends ResourceWriteCommand {
  @Override
  ResourceChange change(Resource<?> resource) {
    return ResourceChange.replace(resource);
  }
}
