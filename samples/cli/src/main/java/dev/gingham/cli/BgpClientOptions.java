package dev.gingham.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code gingham bgp} client command shares. */
final class BgpClientOptions {
  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "The speaker's control socket (default: ${DEFAULT-VALUE}).")
  Path socket = Path.of(BgpConfigFile.DEFAULT_SOCKET);

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text (default) or json.")
  String output = "text";

  boolean json() {
    return "json".equals(output);
  }

  boolean validOutput() {
    return "json".equals(output) || "text".equals(output);
  }
}
