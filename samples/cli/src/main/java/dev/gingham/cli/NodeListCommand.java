package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.NodeSpec;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceKind;
import dev.gingham.spi.datastore.Datastore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham node list}: the Node resources, as a table. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the cluster's nodes with their AS and BGP addresses.",
    footer = {"", "Examples:", "  gingham node list", "  gingham node list -o wide"})
final class NodeListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "wide",
      description = "wide: more columns.")
  String output;

  @Override
  public Integer call() {
    if (output != null && !output.equals("wide")) {
      throw new CliException(ExitCodes.USAGE, "-o must be wide, was '" + output + "'");
    }
    List<Resource<NodeSpec>> nodes;
    try (Datastore store = datastore.open()) {
      nodes = Resources.store(store).list(ResourceKind.NODE, null).items();
    }
    if (nodes.isEmpty()) {
      spec.commandLine().getErr().println("No nodes found.");
      return ExitCodes.OK;
    }
    spec.commandLine()
        .getOut()
        .print(ResourceTables.of(ResourceKind.NODE, nodes, output != null).render());
    return ExitCodes.OK;
  }
}
