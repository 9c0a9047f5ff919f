package dev.gingham.cli;

/**
 * Ends a command with a message for the user and an exit code (see {@link ExitCodes}). Thrown by
 * commands, caught by {@link Main}'s handler, which prints {@code gingham: <message>}.
 */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
