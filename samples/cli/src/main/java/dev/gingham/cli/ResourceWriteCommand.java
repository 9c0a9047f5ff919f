package dev.gingham.cli;

import dev.gingham.core.Resources;
import dev.gingham.resource.PartialWriteException;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code apply}, {@code create} and {@code replace} share: read every resource of the files,
 * check them all, write them all in one transaction (or, past its limits, in checked, ordered
 * steps), and say what happened to each.
 */
abstract class ResourceWriteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatastoreOption datastore;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR|-",
      description =
          "A YAML or JSON file, a directory of them, or - for standard input (repeatable).")
  List<String> files;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "name",
      description = "name: print only kind/name of each resource.")
  String output;

  /** The change this command makes of a resource. */
  abstract ResourceChange change(Resource<?> resource);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null && !output.equals("name")) {
      throw new CliException(ExitCodes.USAGE, "-o must be name, was '" + output + "'");
    }
    List<Resource<?>> resources = ResourceFiles.read(files, GinghamCommand.root(spec).stdin, err);
    List<ResourceChange> changes = new ArrayList<>(resources.size());
    for (Resource<?> r : resources) {
      changes.add(change(r));
    }
    try (Datastore store = datastore.open()) {
      WriteResult result;
      try {
        result = Resources.store(store).write(changes);
      } catch (PartialWriteException e) {
        print(out, e.written());
        throw e;
      }
      print(out, result.outcomes());
      if (result.transactions() > 1) {
        err.println(
            "gingham: note: "
                + changes.size()
                + " resources were too many for one datastore transaction; all were checked"
                + " first, then written in "
                + result.transactions()
                + " transactions, in dependency order");
      }
    }
    return ExitCodes.OK;
  }

  private void print(PrintWriter out, List<WriteResult.Outcome> outcomes) {
    for (WriteResult.Outcome o : outcomes) {
      if (output != null) {
        out.println(Names.of(o.id()));
      } else {
        out.println(Names.of(o.id()) + " " + o.action().name().toLowerCase(Locale.ROOT));
      }
    }
  }
}
