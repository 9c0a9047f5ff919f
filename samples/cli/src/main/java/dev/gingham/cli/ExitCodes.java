package dev.gingham.cli;

/** The exit codes of every {@code gingham} command. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;

  /**
   * The command line was wrong, the command is not available yet, or the store refused the request
   * (a resource not found, already there, changed meanwhile, or in use).
   */
  static final int USAGE = 1;

  /** A resource or file was invalid; nothing was applied. */
  static final int VALIDATION = 2;

  /**
   * The datastore, or a control socket (the node agent's, a BGP speaker's), could not be reached.
   */
  static final int UNREACHABLE = 3;

  private ExitCodes() {}
}
