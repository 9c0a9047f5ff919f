package dev.gingham.cli;

import dev.gingham.spi.dataplane.DataplaneProvider;
import dev.gingham.spi.dataplane.Dataplanes;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.Datastores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham version}: the client's version, the node agent's (through its control socket) and
 * the datastore's (the software serving it, its revision and data layout), with the datastore and
 * dataplane providers found.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = {
      "Print the client's version, the node agent's (when it runs), and the datastore's: the",
      "software serving it (etcd's or SQLite's version), its revision and data layout (with",
      "--datastore or GINGHAM_DATASTORE); and the datastore and dataplane providers on the class",
      "path."
    },
    footer = {
      "",
      "Examples:",
      "  gingham version",
      "  gingham version --datastore sqlite:/var/lib/gingham/state.db",
      "  gingham version --datastore etcd://10.0.0.1:2379",
    })
final class VersionCommand implements Callable<Integer> {
  /** The layout of Gingham's records: resources and IPAM both at v1. */
  static final String LAYOUT = "gingham/resources/v1, gingham/ipam/v1";

  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = "--agent-socket",
      paramLabel = "PATH",
      description = "The node agent's control socket (default: ${DEFAULT-VALUE}).")
  Path agentSocket = Path.of(AgentProtocol.DEFAULT_SOCKET);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("gingham " + Versions.gingham());
    out.println("java " + System.getProperty("java.version"));
    try {
      out.println("agent: " + AgentProtocol.version(agentSocket));
    } catch (IOException e) {
      out.println("agent: not running (no control socket at " + agentSocket + ")");
    } catch (IllegalArgumentException e) {
      out.println("agent: answered with an error: " + e.getMessage());
    }
    out.println(
        "datastores: "
            + Datastores.providers().stream()
                .map(
                    p ->
                        p.name()
                            + p.schemes().stream()
                                .map(scheme -> scheme + ":")
                                .collect(Collectors.joining(", ", " (", ")")))
                .collect(Collectors.joining(", ")));
    String dataplanes =
        Dataplanes.providers().stream()
            .map(VersionCommand::describe)
            .collect(Collectors.joining(", "));
    out.println("dataplanes: " + (dataplanes.isEmpty() ? "none on the class path" : dataplanes));
    if (datastore.uri == null && System.getenv(Datastores.URI_ENVIRONMENT) == null) {
      out.println(
          "datastore: none named (--datastore or "
              + Datastores.URI_ENVIRONMENT
              + "); commands use sqlite:/var/lib/gingham/state.db");
      return ExitCodes.OK;
    }
    try (Datastore store = datastore.open()) {
      out.println(
          "datastore "
              + store.uri()
              + ": "
              + store.serverVersion().orElse("no server (in process)")
              + ", revision "
              + store.currentRevision()
              + ", layout "
              + LAYOUT);
    }
    return ExitCodes.OK;
  }

  private static String describe(DataplaneProvider p) {
    return p.name() + p.unavailableReason().map(r -> " (unavailable: " + r + ")").orElse("");
  }
}
