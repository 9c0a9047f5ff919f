package dev.gingham.cli;

/** The exit codes of every {@code gingham} command. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;

  /** The command line was wrong, or the command is not available yet. */
  static final int USAGE = 1;

  /** A resource or file was invalid; nothing was applied. */
  static final int VALIDATION = 2;

  /** The datastore, or a BGP speaker's control socket, could not be reached. */
  static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
