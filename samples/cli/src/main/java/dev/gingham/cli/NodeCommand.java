package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham node}: the cluster's nodes, and this node's BGP status. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "The nodes of the cluster, and the BGP status of this one.",
    subcommands = {NodeListCommand.class, NodeStatusCommand.class},
    footer = {"", "Examples:", "  gingham node list -o wide", "  gingham node status"})
final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
