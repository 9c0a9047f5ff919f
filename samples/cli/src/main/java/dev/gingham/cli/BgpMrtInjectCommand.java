package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham bgp mrt inject FILE}: an MRT file's tables loaded into a running speaker. */
@Command(
    name = "inject",
    mixinStandardHelpOptions = true,
    description = {
      "Load an MRT file (TABLE_DUMP_V2 or BGP4MP) into the speaker: each peer's table as that"
          + " peer's routes (--into peers, the default), or every route as the speaker's own"
          + " (--into loc-rib). A file that cannot be read changes nothing."
    },
    footer = {
      "",
      "Examples:",
      "  gingham bgp mrt inject rib.20260101.0000.mrt",
      "  gingham bgp mrt inject --into loc-rib table.mrt",
    })
final class BgpMrtInjectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BgpClientOptions options;

  @Option(names = "--into", paramLabel = "WHERE", description = "peers (default) or loc-rib.")
  String into = "peers";

  @Parameters(index = "0", paramLabel = "FILE", description = "The MRT file to read.")
  Path file;

  @Override
  public Integer call() {
    if (!"peers".equals(into) && !"loc-rib".equals(into)) {
      spec.commandLine()
          .getErr()
          .println("gingham: --into must be peers or loc-rib, was '" + into + "'");
      return ExitCodes.USAGE;
    }
    JsonNode answer =
        options.request(
            BgpControl.JSON
                .createObjectNode()
                .put("op", "mrt-inject")
                .put("file", file.toAbsolutePath().toString())
                .put("into", into),
            spec.commandLine().getErr());
    if (answer == null) {
      return options.failure;
    }
    if (options.json()) {
      spec.commandLine().getOut().println(answer.toPrettyString());
    } else {
      spec.commandLine()
          .getOut()
          .printf(
              "injected %d routes of %d peers from %s into %s%n",
              answer.get("routes").asInt(),
              answer.get("peers").asInt(),
              answer.get("file").asText(),
              into);
    }
    return ExitCodes.OK;
  }
}
