package dev.gingham.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * Sends a request to the speaker, or reports why it cannot and returns null: a bad {@code -o}
   * ({@link ExitCodes#USAGE}), an unreachable socket ({@link ExitCodes#UNREACHABLE}) or an error
   * the speaker answered ({@link ExitCodes#USAGE}); the code is left in {@link #failure}.
   */
  @org.jspecify.annotations.Nullable
  JsonNode request(
      com.fasterxml.jackson.databind.node.ObjectNode request, java.io.PrintWriter err) {
    if (!"json".equals(output) && !"text".equals(output)) {
      err.println("gingham: -o must be text or json, was '" + output + "'");
      failure = ExitCodes.USAGE;
      return null;
    }
    try {
      return BgpControl.request(socket, request);
    } catch (java.io.IOException e) {
      err.println("gingham: cannot reach the speaker at " + socket + ": " + e.getMessage());
      failure = ExitCodes.UNREACHABLE;
    } catch (IllegalArgumentException e) {
      err.println("gingham: " + e.getMessage());
      failure = ExitCodes.USAGE;
    }
    return null;
  }

  /**
   * Sends a request and prints the answer: as JSON with {@code -o json}, else as the line {@code
   * text} makes of it. Returns the exit code.
   */
  int requestAndPrint(
      com.fasterxml.jackson.databind.node.ObjectNode request,
      picocli.CommandLine.Model.CommandSpec spec,
      java.util.function.Function<JsonNode, String> text) {
    JsonNode answer = request(request, spec.commandLine().getErr());
    if (answer == null) {
      return failure;
    }
    spec.commandLine().getOut().println(json() ? answer.toPrettyString() : text.apply(answer));
    return ExitCodes.OK;
  }

  /** The exit code of the last failed {@link #request}. */
  int failure = ExitCodes.OK;
}
