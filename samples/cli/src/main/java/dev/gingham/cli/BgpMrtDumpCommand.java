package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode answer =
        options.request(
            BgpControl.JSON
                .createObjectNode()
                .put("op", "mrt-dump")
                .put("file", file.toAbsolutePath().toString()),
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
              "wrote %d routes to %s%n", answer.get("routes").asInt(), answer.get("file").asText());
    }
    return ExitCodes.OK;
  }
}
