package dev.gingham.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A local control socket: a Unix-domain socket that reads one request per connection (at most
 * {@value #MAX_REQUEST} bytes, up to a newline or the end of the client's writing), answers it with
 * the handler's text and closes the connection. A handler that throws is answered with {@code
 * {"error":"<its message>"}}, and so is a longer request (which the handler never sees). One daemon
 * thread; made by {@link ControlServers#unixSocket}. Thread-safe.
 */
public interface ControlServer extends AutoCloseable {
  /** The most a request may hold. */
  int MAX_REQUEST = 4096;

  /** Answers one request; called on the server's thread, one request at a time. */
  @FunctionalInterface
  interface Handler {
    /**
     * The answer to a request.
     *
     * @throws IOException or a runtime exception, whose message becomes the error answer
     */
    String answer(String request) throws IOException;
  }

  /** Where the socket is. */
  Path path();

  /** Stops answering and removes the socket file. */
  @Override
  void close();
}
