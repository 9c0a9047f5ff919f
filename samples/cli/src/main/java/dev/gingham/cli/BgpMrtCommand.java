package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham bgp mrt}: MRT (RFC 6396) dumps of a running speaker's tables. */
@Command(
    name = "mrt",
    mixinStandardHelpOptions = true,
    description = "Dump a running speaker's Loc-RIB as MRT, or load an MRT file into it.",
    subcommands = {BgpMrtDumpCommand.class, BgpMrtInjectCommand.class},
    footer = {
      "",
      "Examples:",
      "  gingham bgp mrt dump rib.mrt",
      "  gingham bgp mrt inject --into peers rib.20260101.0000.mrt",
    })
final class BgpMrtCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
