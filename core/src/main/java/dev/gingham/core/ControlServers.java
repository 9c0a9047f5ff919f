package dev.gingham.core;

import dev.gingham.internal.control.UnixControlServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** Makes {@link ControlServer}s. */
public final class ControlServers {
  private ControlServers() {}

  /**
   * Binds a Unix-domain socket at {@code path} (making its directory, replacing a stale socket
   * file) and starts answering on a daemon thread named {@code threadName}.
   *
   * @throws IOException if the socket cannot be bound
   */
  public static ControlServer unixSocket(
      Path path, String threadName, ControlServer.Handler handler) throws IOException {
    return UnixControlServer.start(
        Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(threadName, "threadName"),
        Objects.requireNonNull(handler, "handler"));
  }
}
