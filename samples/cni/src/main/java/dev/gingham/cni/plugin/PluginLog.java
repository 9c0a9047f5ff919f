package dev.gingham.cni.plugin;

import dev.gingham.cni.config.LogLevel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The plugins' own log: each line to stderr and, when configured, appended to a log file, never to
 * stdout, which carries the result. A line names the time, level, process, plugin, command and
 * container. A log file that cannot be written is reported once on stderr and then skipped: a
 * broken log must not fail an ADD. Not thread-safe beyond single lines.
 */
public final class PluginLog {
  private final PrintStream stderr;
  private final String prefix;
  private LogLevel level = LogLevel.INFO;
  private @Nullable Path file;

  /** A log for one invocation, to stderr only until {@link #configure} names a file. */
  public PluginLog(PrintStream stderr, String plugin) {
    this.stderr = stderr;
    this.prefix = "[" + pid() + "] " + plugin + " ";
  }

  /**
   * This process's id, read from {@code /proc/self}: {@link ProcessHandle#current()} first
   * initializes the JDK's process machinery, ~7 ms of CPU on JDK 17 in a plugin's short life.
   */
  private static long pid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return ProcessHandle.current().pid();
    }
  }

  /** Applies the configuration's level and file. */
  public void configure(LogLevel level, @Nullable Path file) {
    this.level = level;
    this.file = file;
  }

  /** The level in force. */
  public LogLevel level() {
    return level;
  }

  /** Logs at debug level. */
  public void debug(String message) {
    log(LogLevel.DEBUG, message);
  }

  /** Logs at info level. */
  public void info(String message) {
    log(LogLevel.INFO, message);
  }

  /** Logs at warning level. */
  public void warn(String message) {
    log(LogLevel.WARNING, message);
  }

  /** Logs at error level. */
  public void error(String message) {
    log(LogLevel.ERROR, message);
  }

  private void log(LogLevel at, String message) {
    if (!level.logs(at)) {
      return;
    }
    String line = Instant.now() + " " + at + " " + prefix + message;
    stderr.println(line);
    Path f = file;
    if (f != null) {
      try {
        Path parent = f.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(
            f,
            line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
      } catch (IOException e) {
        file = null;
        stderr.println(Instant.now() + " WARNING " + prefix + "log file " + f + ": " + e);
      }
    }
  }
}
