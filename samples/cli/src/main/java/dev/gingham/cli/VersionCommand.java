package dev.gingham.cli;

import dev.gingham.spi.dataplane.DataplaneProvider;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.Datastores;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham version}: the client's version and what it can reach. With {@code --datastore}, it
 * also opens that store and reports its revision, which checks that the store is reachable.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description =
        "Print the version, the datastore and dataplane providers found, and, with"
            + " --datastore, that store's state.",
    footer = {
      "",
      "Examples:",
      "  gingham version",
      "  gingham version --datastore memory:",
    })
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--datastore",
      paramLabel = "URI",
      description = "A datastore to open and report on, such as sqlite:/var/lib/gingham/state.db.")
  String datastore;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("gingham " + Versions.gingham());
    out.println("java " + System.getProperty("java.version"));
    out.println(
        "datastores: "
            + Datastores.providers().stream()
                .map(p -> p.name() + " (" + String.join(", ", p.schemes()) + ":)")
                .collect(Collectors.joining(", ")));
    String dataplanes =
        Dataplanes.providers().stream()
            .map(VersionCommand::describe)
            .collect(Collectors.joining(", "));
    out.println("dataplanes: " + (dataplanes.isEmpty() ? "none on the class path" : dataplanes));
    if (datastore == null) {
      return ExitCodes.OK;
    }
    try (Datastore store = Datastores.open(datastore)) {
      out.println("datastore " + store.uri() + ": revision " + store.currentRevision());
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("gingham: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (DatastoreException e) {
      spec.commandLine().getErr().println("gingham: datastore unreachable: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
  }

  private static String describe(DataplaneProvider p) {
    return p.name() + p.unavailableReason().map(r -> " (unavailable: " + r + ")").orElse("");
  }
}
