package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gingham demo}: the three-node cluster demo. It needs the node agent, which is not built
 * yet, so for now it says so, and says what works, rather than pretending.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Build a three-node Gingham cluster on this machine and show it working"
            + " (arrives with the node agent).")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "gingham demo: not available yet. The demo builds a three-node cluster with BGP,"
                + " routes and policy, and arrives with the node agent. What works today:"
                + " the address types, the datastore SPI with its in-memory and SQLite stores,"
                + " and `gingham version`. See README.md.");
    return ExitCodes.USAGE;
  }
}
