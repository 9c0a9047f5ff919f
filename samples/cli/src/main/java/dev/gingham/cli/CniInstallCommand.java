package dev.gingham.cli;

import dev.gingham.cni.install.CniInstaller;
import dev.gingham.cni.install.TargetJvm;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
      "their start-up. Also writes an example network, 10-gingham.conflist, into the conf dir.",
      "On a JDK 25 or later (--java), the archive is an AOT cache, which starts them faster."
    },
    footer = {
      "",
      "Examples:",
      "  gingham cni install --dir /opt/cni/bin",
      "  gingham cni install --dir /opt/cni/bin --conf-dir /etc/cni/net.d --no-appcds",
      "  gingham cni install --dir /opt/cni/bin --java /usr/lib/jvm/temurin-25-jdk-amd64"
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

  @Option(
      names = "--no-appcds",
      description = "Skip the start-up archive, AppCDS or AOT cache (start-up is then slower).")
  boolean noAppCds;

  @Option(
      names = "--java",
      paramLabel = "JAVA_HOME",
      description =
          "The Java home the plugins run on, 17 or later (default: the one running this command).")
  @Nullable Path javaHome;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TargetJvm jvm;
    try {
      jvm = javaHome == null ? TargetJvm.current() : TargetJvm.of(javaHome);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.VALIDATION, "--java: " + e.getMessage(), e);
    }
    CniInstaller.Result r;
    try {
      r = CniInstaller.install(dir, confDir, !noAppCds, jvm);
    } catch (UncheckedIOException e) {
      throw new CliException(
          ExitCodes.VALIDATION, e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
    out.println("installed " + r.gingham() + " and " + r.ginghamIpam());
    out.println(
        r.archive() != null
            ? jvm.archiveName() + " " + r.archive()
            : r.notes().isEmpty() ? "no start-up archive (--no-appcds)" : r.notes());
    if (r.conflist() != null) {
      out.println("example network " + r.conflist());
    }
    return ExitCodes.OK;
  }
}
