package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham patch}: changes some fields of a resource with a JSON merge patch. */
@Command(
    name = "patch",
    mixinStandardHelpOptions = true,
    description = {
      "Change fields of a resource with a JSON merge patch (RFC 7396), given as JSON or YAML: an",
      "object changes fields one by one, null removes one. The result is checked as a whole before",
      "it is written, and written only if nobody changed the resource meanwhile (else it is read",
      "and patched again)."
    },
    footer = {
      "",
      "Examples:",
      "  gingham patch ippool default-ipv4 -p '{\"spec\": {\"disabled\": true}}'",
      "  gingham patch networkpolicy allow-web -n prod -p 'spec: {order: 50}'",
      "  gingham patch bgpconfiguration default -p '{\"spec\": {\"asNumber\": null}}'",
    })
final class PatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Mixin ResourceName resource;

  @Option(
      names = {"-p", "--patch"},
      required = true,
      paramLabel = "PATCH",
      description = "The merge patch, as JSON or YAML.")
  String patch;

  @Option(
      names = "--type",
      defaultValue = "merge",
      paramLabel = "TYPE",
      description = "The patch type: merge, the only one (default: ${DEFAULT-VALUE}).")
  String type;

  @Override
  public Integer call() {
    if (!type.equals("merge")) {
      throw new CliException(ExitCodes.USAGE, "--type must be merge, was '" + type + "'");
    }
    ResourceId id = resource.id();
    List<Documents.Document> docs = Documents.parse(patch, "the patch");
    if (docs.size() != 1 || !(docs.get(0).tree() instanceof Map)) {
      throw new CliException(
          ExitCodes.VALIDATION,
          "the patch must be one JSON or YAML object, such as {\"spec\": {}}");
    }
    Object patchTree = docs.get(0).tree();
    try (Datastore store = datastore.open()) {
      WriteResult.Action action =
          DocumentEdit.apply(
              Resources.store(store),
              id,
              "the patched",
              doc -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> patched =
                    (Map<String, Object>) MergePatch.apply(doc, patchTree);
                return patched;
              });
      spec.commandLine()
          .getOut()
          .println(
              Names.of(id) + (action == WriteResult.Action.UNCHANGED ? " unchanged" : " patched"));
      return ExitCodes.OK;
    }
  }
}
