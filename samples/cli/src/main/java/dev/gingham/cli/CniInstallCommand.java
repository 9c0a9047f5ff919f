package dev.gingham.cli;

import dev.gingham.cni.install.CniInstaller;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham cni install}: writes the {@code gingham} and {@code gingham-ipam} launchers, their
 * jars and an AppCDS archive into a CNI bin directory, and an example conflist, as Calico's
 * install-cni does.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = {
      "Install the gingham and gingham-ipam CNI plugins into DIR: two launcher scripts, the jars",
      "they run from (DIR/gingham.d/lib) and an AppCDS archive recorded from a dry run, which cuts",
      "their start-up. Also writes an example network, 10-gingham.conflist, into the conf dir."
    },
    footer = {
      "",
      "Examples:",
      "  gingham cni install --dir /opt/cni/bin",
      "  gingham cni install --dir /opt/cni/bin --conf-dir /etc/cni/net.d --no-appcds"
    })
final class CniInstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The CNI bin directory, such as /opt/cni/bin.")
  Path dir;

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      description = "Where to write the example conflist (default: ${DEFAULT-VALUE}).")
  Path confDir = CniInstaller.DEFAULT_CONF_DIR;

  @Option(names = "--no-appcds", description = "Skip the AppCDS archive (start-up is then slower).")
  boolean noAppCds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CniInstaller.Result r;
    try {
      r = CniInstaller.install(dir, confDir, !noAppCds);
    } catch (UncheckedIOException e) {
      throw new CliException(
          ExitCodes.VALIDATION, e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
    out.println("installed " + r.gingham() + " and " + r.ginghamIpam());
    out.println(
        r.archive() != null ? "AppCDS archive " + r.archive() : "no AppCDS archive: " + r.notes());
    if (r.conflist() != null) {
      out.println("example network " + r.conflist());
    }
    return ExitCodes.OK;
  }
}
