package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham ipam}: look at IPAM's pools and blocks, check them, repair them. */
@Command(
    name = "ipam",
    mixinStandardHelpOptions = true,
    description = "IP address management: utilisation, consistency checks, releases, settings.",
    subcommands = {
      IpamShowCommand.class,
      IpamCheckCommand.class,
      IpamReleaseCommand.class,
      IpamConfigureCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  gingham ipam show --show-blocks",
      "  gingham ipam check -o report.json",
      "  gingham ipam release --from-report report.json",
      "  gingham ipam configure --strict-affinity=true --max-blocks-per-host 4",
    })
final class IpamCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
