package dev.gingham.internal.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gingham.core.ControlServer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ControlServer} on a Unix-domain socket, one connection at a time. */
public final class UnixControlServer implements ControlServer {
  private static final Logger LOG = LoggerFactory.getLogger(UnixControlServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most of an over-long request read (and dropped) after answering it. */
  private static final long DRAIN_LIMIT = 1 << 20;

  private final Path path;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final Thread thread;

  private UnixControlServer(
      Path path, ServerSocketChannel server, Handler handler, String threadName) {
    this.path = path;
    this.server = server;
    this.handler = handler;
    this.thread = new Thread(this::serve, threadName);
    thread.setDaemon(true);
  }

  /** Binds the socket, replacing a stale file, and starts answering. */
  public static UnixControlServer start(Path path, String threadName, Handler handler)
      throws IOException {
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    UnixControlServer s = new UnixControlServer(path, server, handler, threadName);
    s.thread.start();
    return s;
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        String answer;
        String request = readRequest(client);
        if (request == null) {
          answer =
              error(new IllegalArgumentException("request longer than " + MAX_REQUEST + " bytes"));
        } else {
          try {
            answer = handler.answer(request);
          } catch (RuntimeException | IOException e) {
            answer = error(e);
          }
        }
        ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
          client.write(out);
        }
        if (request == null) {
          // Unread input makes the close a reset, which would lose the answer: read the rest,
          // within a bound.
          drain(client);
        }
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
        LOG.debug("control socket {}: {}", path, e.toString());
      }
    }
  }

  /** {@code {"error": message}}, the message escaped as JSON. */
  static String error(Exception e) {
    try {
      return JSON.writeValueAsString(
          JSON.createObjectNode().put("error", String.valueOf(e.getMessage())));
    } catch (IOException impossible) {
      throw new IllegalStateException("a one-string JSON object failed to encode", impossible);
    }
  }

  /** The request, up to a newline or the end of the client's input; null if it is too long. */
  private static @Nullable String readRequest(SocketChannel client) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
    boolean ended = false;
    while (in.hasRemaining()) {
      int n = client.read(in);
      if (n < 0) {
        ended = true;
        break;
      }
      if (in.position() > 0 && in.get(in.position() - 1) == '\n') {
        ended = true;
        break;
      }
    }
    if (!ended && client.read(ByteBuffer.allocate(1)) >= 0) {
      return null; // a full buffer and more to come
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
  }

  private static void drain(SocketChannel client) throws IOException {
    ByteBuffer sink = ByteBuffer.allocate(8192);
    long left = DRAIN_LIMIT;
    while (left > 0) {
      sink.clear();
      int n = client.read(sink);
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.debug("closing the control socket {}: {}", path, e.toString());
    }
  }

  @Override
  public String toString() {
    return "ControlServer{" + path + "}";
  }
}
