package dev.gingham.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gingham bgp mrt dump FILE}: the Loc-RIB as a TABLE_DUMP_V2 file. */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Write the speaker's Loc-RIB to FILE as MRT TABLE_DUMP_V2 (bgpdump reads it).",
    footer = {"", "Examples:", "  gingham bgp mrt dump /tmp/rib.mrt", "  bgpdump -m /tmp/rib.mrt"})
final class BgpMrtDumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BgpClientOptions options;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to write.")
  Path file;

  @Override
  public Integer call() {
    return options.requestAndPrint(
        BgpControl.JSON
            .createObjectNode()
            .put("op", "mrt-dump")
            .put("file", file.toAbsolutePath().toString()),
        spec,
        a -> "wrote " + a.get("routes").asInt() + " routes to " + a.get("file").asText());
  }
}
