package dev.gingham.cli;

import picocli.CommandLine;

/** The {@code gingham} command's entry point. */
public final class Main {
  private Main() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code, for tests and for embedding. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, configured as {@code gingham} runs it. */
  public static CommandLine commandLine() {
    return new CommandLine(new GinghamCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(
            (e, args) -> {
              CommandLine cli = e.getCommandLine();
              cli.getErr().println("gingham: " + e.getMessage());
              cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
              return ExitCodes.USAGE;
            });
  }
}
