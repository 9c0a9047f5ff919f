package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code gingham} command: prints its help when run without a subcommand. */
@Command(
    name = "gingham",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = {
      "Layer-3 container networking: IPAM, BGP, routes and policy, as Calico does it, from Java.",
      ""
    },
    subcommands = {VersionCommand.class, DemoCommand.class, PolicyCommand.class, BgpCommand.class},
    footer = {
      "",
      "Examples:",
      "  gingham version",
      "  gingham version --datastore sqlite:/var/lib/gingham/state.db",
      "  gingham policy explain -f cluster.yaml --from prod/web-1 --to prod/db-1 --port 5432",
    })
final class GinghamCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
