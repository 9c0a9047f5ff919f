package dev.gingham.cli;

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
    return options.requestAndPrint(
        BgpControl.JSON
            .createObjectNode()
            .put("op", "mrt-inject")
            .put("file", file.toAbsolutePath().toString())
            .put("into", into),
        spec,
        a ->
            "injected "
                + a.get("routes").asInt()
                + " routes of "
                + a.get("peers").asInt()
                + " peers from "
                + a.get("file").asText()
                + " into "
                + into);
  }
}
