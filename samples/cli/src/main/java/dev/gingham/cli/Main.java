package dev.gingham.cli;

import dev.gingham.ipam.IpamException;
import dev.gingham.policy.InvalidPolicyException;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.ResourceException;
import dev.gingham.spi.datastore.DatastoreException;
import dev.gingham.spi.datastore.DatastoreUnavailableException;
import java.io.InputStream;
import java.io.PrintWriter;
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
    CommandLine cli = commandLine();
    int code = cli.execute(args);
    // print() does not flush an autoflushing writer; what is buffered must reach the terminal.
    cli.getOut().flush();
    cli.getErr().flush();
    return code;
  }

  /** The command line, configured as {@code gingham} runs it. */
  public static CommandLine commandLine() {
    return commandLine(StoreOpener.DEFAULT, System.in);
  }

  /**
   * The command line, opening datastores with {@code opener} and reading standard input from {@code
   * stdin}: for running commands in process against a store the host holds.
   */
  public static CommandLine commandLine(StoreOpener opener, InputStream stdin) {
    return new CommandLine(new GinghamCommand(opener, stdin))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(
            (e, args) -> {
              CommandLine cli = e.getCommandLine();
              cli.getErr().println("gingham: " + e.getMessage());
              cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
              return ExitCodes.USAGE;
            })
        .setExecutionExceptionHandler(
            (e, cli, parsed) -> {
              PrintWriter err = cli.getErr();
              int code = exitCode(e);
              err.println("gingham: " + message(e));
              if (!expected(e)) {
                e.printStackTrace(err); // a bug: the trace is what a report needs
              }
              err.flush();
              return code;
            });
  }

  /** The exit code for what a command threw; see {@link ExitCodes}. */
  static int exitCode(Exception e) {
    if (e instanceof CliException) {
      return ((CliException) e).exitCode();
    }
    if (e instanceof InvalidResourceException || e instanceof InvalidPolicyException) {
      return ExitCodes.VALIDATION;
    }
    if (e instanceof DatastoreUnavailableException) {
      return ExitCodes.UNREACHABLE;
    }
    return ExitCodes.USAGE;
  }

  /** Whether a command's exception is one a user can act on, rather than a bug to report. */
  static boolean expected(Exception e) {
    return e instanceof CliException
        || e instanceof IllegalArgumentException
        || e instanceof ResourceException
        || e instanceof IpamException
        || e instanceof DatastoreException;
  }

  private static String message(Exception e) {
    if (e instanceof DatastoreUnavailableException) {
      return "datastore unreachable: " + e.getMessage();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
