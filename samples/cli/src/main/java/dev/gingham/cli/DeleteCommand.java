package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham delete}: deletes resources named on the command line or in files. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete resources, named as KIND NAME... or by the files that describe them; all or nothing,",
      "except that an IPPool is emptied of blocks by IPAM in steps of its own. A tier that",
      "policies are in, a profile endpoints name, or a pool with addresses in use is refused."
    },
    footer = {
      "",
      "Examples:",
      "  gingham delete ippool old-pool",
      "  gingham delete networkpolicy allow-web -n prod",
      "  gingham delete -f policies.yaml --ignore-not-found",
    })
final class DeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Parameters(
      arity = "0..*",
      paramLabel = "KIND NAME",
      description = "A kind (ippool, networkpolicy, gnp…), then names or NAMESPACE/NAME.")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      description = "Delete the resources these files describe.")
  List<String> files = new ArrayList<>();

  @Mixin NamespaceOption namespace;

  @Option(names = "--ignore-not-found", description = "Skip resources that do not exist.")
  boolean ignoreNotFound;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Set<ResourceId> ids = new LinkedHashSet<>();
    if (!files.isEmpty()) {
      if (!arguments.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE, "name resources with -f or with KIND NAME, not both");
      }
      for (Resource<?> r :
          ResourceFiles.read(files, GinghamCommand.root(spec).stdin, spec.commandLine().getErr())) {
        ids.add(r.id());
      }
    } else {
      if (arguments.size() < 2) {
        throw new CliException(
            ExitCodes.USAGE, "name a kind and at least one resource, or give -f FILE");
      }
      ResourceKind<?> kind = ResourceKind.parse(arguments.get(0));
      for (String name : arguments.subList(1, arguments.size())) {
        ids.add(Names.parse(kind, name, namespace.namespace));
      }
    }
    try (Datastore store = datastore.open()) {
      ResourceStore resources = Resources.store(store);
      List<ResourceChange> changes = new ArrayList<>();
      for (ResourceId id : ids) {
        if (ignoreNotFound && resources.get(id.kind(), id.namespace(), id.name()).isEmpty()) {
          continue;
        }
        changes.add(ResourceChange.delete(id));
      }
      WriteResult result = resources.write(changes);
      for (WriteResult.Outcome o : result.outcomes()) {
        out.println(Names.of(o.id()) + " deleted");
      }
    }
    return ExitCodes.OK;
  }
}
