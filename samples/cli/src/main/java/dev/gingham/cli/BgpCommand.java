package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham bgp}: a standalone BGP speaker and the commands that read its state. */
@Command(
    name = "bgp",
    mixinStandardHelpOptions = true,
    description = "Run a BGP speaker (like gobgpd or bird) and look at its peers and routes.",
    subcommands = {
      BgpServeCommand.class,
      BgpPeersCommand.class,
      BgpRoutesCommand.class,
      BgpMrtCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  gingham bgp serve --config speaker.yaml",
      "  gingham bgp peers",
      "  gingham bgp routes --peer 192.0.2.2 --prefix 10.0.0.0/8 -o json",
      "  gingham bgp mrt dump rib.mrt",
    })
final class BgpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
