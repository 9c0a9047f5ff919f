package dev.gingham.cni.config;

import dev.gingham.cni.spec.CniException;
import dev.gingham.cni.spec.ErrorCodes;
import java.util.Locale;

/** How much the plugins log, with Calico's spellings ({@code warning} as well as {@code warn}). */
public enum LogLevel {
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  /** Nothing. */
  NONE;

  /**
   * Reads a level, ignoring case.
   *
   * @throws CniException with {@link ErrorCodes#INVALID_NETWORK_CONFIG} naming the text
   */
  public static LogLevel parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "debug":
        return DEBUG;
      case "info":
        return INFO;
      case "warn":
      case "warning":
        return WARNING;
      case "error":
      case "fatal":
      case "panic":
        return ERROR;
      case "none":
      case "off":
        return NONE;
      default:
        throw new CniException(
            ErrorCodes.INVALID_NETWORK_CONFIG,
            "log_level \""
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                + "\" is not one of debug, info, warning, error, none");
    }
  }

  /** Whether a message at {@code level} is logged at this setting. */
  public boolean logs(LogLevel level) {
    return this != NONE && level.ordinal() >= ordinal();
  }
}
