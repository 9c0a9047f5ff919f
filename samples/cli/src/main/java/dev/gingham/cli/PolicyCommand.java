package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham policy}: network policy tools. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Network policy: explain what policy decides for a packet, and why.",
    subcommands = {PolicyExplainCommand.class},
    footer = {
      "",
      "Examples:",
      "  gingham policy explain --from prod/web-1 --to prod/db-1 --port 5432",
    })
final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
