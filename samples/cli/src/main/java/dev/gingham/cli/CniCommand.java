package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham cni}: the CNI plugins. */
@Command(
    name = "cni",
    mixinStandardHelpOptions = true,
    description = "The CNI plugins gingham and gingham-ipam.",
    subcommands = {CniInstallCommand.class},
    footer = {
      "",
      "Examples:",
      "  gingham cni install --dir /opt/cni/bin --conf-dir /etc/cni/net.d"
    })
final class CniCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
