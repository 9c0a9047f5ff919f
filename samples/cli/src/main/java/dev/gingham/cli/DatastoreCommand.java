package dev.gingham.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gingham datastore}: moves a store's contents to another store. */
@Command(
    name = "datastore",
    mixinStandardHelpOptions = true,
    description = "Export a datastore's contents, and import them into an empty one.",
    subcommands = {DatastoreExportCommand.class, DatastoreImportCommand.class},
    footer = {
      "",
      "Examples:",
      "  # from SQLite on one machine to etcd for a cluster",
      "  gingham datastore export --datastore sqlite:/var/lib/gingham/state.db > backup.yaml",
      "  gingham datastore import --datastore etcd://10.0.0.1:2379 < backup.yaml",
    })
final class DatastoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
