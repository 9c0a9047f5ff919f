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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ControlServer} on a Unix-domain socket, one connection at a time. */
public final class UnixControlServer implements ControlServer {
  private static final Logger LOG = LoggerFactory.getLogger(UnixControlServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

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
        try {
          answer = handler.answer(readRequest(client));
        } catch (RuntimeException | IOException e) {
          answer = error(e);
        }
        ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
          client.write(out);
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

  private static String readRequest(SocketChannel client) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
    while (in.hasRemaining()) {
      int n = client.read(in);
      if (n < 0 || (in.position() > 0 && in.get(in.position() - 1) == '\n')) {
        break;
      }
    }
    return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
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
