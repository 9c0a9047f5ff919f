package dev.gingham.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A control socket that answers each request with what a function makes of it, as the node agent's
 * will: for testing the client side of the protocol against fixed answers.
 */
final class ControlSocketServer implements AutoCloseable {
  private final Path path;
  private final ServerSocketChannel server;
  private final Thread thread;

  ControlSocketServer(Path path, Function<String, String> answer) throws IOException {
    this.path = path;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    this.thread =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                  ByteBuffer in = ByteBuffer.allocate(4096);
                  while (c.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                    // read up to the request's newline
                  }
                  String request = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
                  ByteBuffer out =
                      ByteBuffer.wrap(
                          answer.apply(request.strip()).getBytes(StandardCharsets.UTF_8));
                  while (out.hasRemaining()) {
                    c.write(out);
                  }
                } catch (IOException e) {
                  // closed, or a client that went away: serve the next one, if still open
                }
              }
            },
            "test-control-socket");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws Exception {
    server.close();
    thread.join(5_000);
    Files.deleteIfExists(path);
  }
}
