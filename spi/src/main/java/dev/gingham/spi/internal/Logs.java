package dev.gingham.spi.internal;

/**
 * The SPI's loggers, got when a message is logged rather than held in static fields. The first
 * {@link System#getLogger} of a process looks for a {@link System.LoggerFinder} through every jar
 * on the class path, which costs a short-lived process such as a CNI plugin tens of milliseconds of
 * CPU; the SPI logs only what goes wrong, so most processes never pay it.
 */
public final class Logs {
  private Logs() {}

  /** The logger named after {@code owner}. */
  public static System.Logger of(Class<?> owner) {
    return System.getLogger(owner.getName());
  }
}
