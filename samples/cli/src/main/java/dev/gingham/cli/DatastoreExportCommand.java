package dev.gingham.cli;

import dev.gingham.spi.datastore.Datastore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gingham datastore export}: every resource and IPAM record, as YAML. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the store's contents as YAML: every resource (with its uid and creation time), then",
      "every other record under /gingham/ (IPAM's blocks, affinities and handles) as it is. The",
      "same store always exports the same text; importing it into an empty store and exporting",
      "that gives the same text again. Export a quiet store: if it changes while it is read, the",
      "export is read again, and fails after three tries."
    },
    footer = {
      "",
      "Examples:",
      "  gingham datastore export > backup.yaml",
      "  gingham datastore export --datastore sqlite:/var/lib/gingham/state.db -o backup.yaml",
    })
final class DatastoreExportCommand implements Callable<Integer> {
  /** How often a store that changed while it was read is read again. */
  static final int ATTEMPTS = 3;

  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE rather than standard output.")
  Path output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Backup.Contents contents = null;
    try (Datastore store = datastore.open()) {
      for (int attempt = 1; contents == null; attempt++) {
        long before = store.currentRevision();
        Backup.Contents read = Backup.read(store);
        long after = store.currentRevision();
        if (before == after) {
          contents = read;
        } else if (attempt >= ATTEMPTS) {
          throw new CliException(
              ExitCodes.USAGE,
              "the store kept changing while it was read (revision "
                  + before
                  + " to "
                  + after
                  + "); export a quiet store");
        }
      }
    }
    String text = Formats.yaml(Backup.documents(contents));
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      try {
        Files.writeString(output, text);
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, "cannot write " + output + ": " + e.getMessage());
      }
    }
    err.println(
        "gingham: exported "
            + contents.resources().size()
            + IpamCheckCommand.plural(contents.resources().size(), " resource")
            + " and "
            + contents.records().size()
            + IpamCheckCommand.plural(contents.records().size(), " other record")
            + (contents.skippedLeased() == 0
                ? ""
                : "; left out "
                    + contents.skippedLeased()
                    + IpamCheckCommand.plural(contents.skippedLeased(), " key")
                    + " with a lease (liveness)"));
    return ExitCodes.OK;
  }
}
