package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.Datastores;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --datastore} option of every command that works on a store. */
final class DatastoreOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--datastore",
      paramLabel = "URI",
      description = {
        "The datastore: memory:, sqlite:PATH or etcd://HOST:PORT[,HOST:PORT]. Default: what",
        "GINGHAM_DATASTORE names, else sqlite:/var/lib/gingham/state.db."
      })
  String uri;

  /**
   * Opens the store.
   *
   * @throws CliException with {@link ExitCodes#USAGE} for a bad URI, {@link ExitCodes#UNREACHABLE}
   *     for a store that cannot be opened
   */
  Datastore open() {
    StoreOpener opener = ((GinghamCommand) mixee.root().userObject()).opener;
    try {
      return opener.open(uri);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    } catch (DatastoreException e) {
      throw new CliException(ExitCodes.UNREACHABLE, "datastore unreachable: " + e.getMessage(), e);
    }
  }

  /** The URI as the user gave it or the environment names it, for messages. */
  String describe() {
    if (uri != null) {
      return uri;
    }
    String env = System.getenv(Datastores.URI_ENVIRONMENT);
    return env != null ? env : "the default datastore";
  }
}
