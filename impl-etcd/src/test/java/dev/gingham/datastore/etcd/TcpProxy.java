package dev.gingham.datastore.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback that a test can cut: it drops every connection at once ({@link
 * #cut()}), refuses to forward for a while ({@link #block()}), or drops one direction's bytes
 * ({@link #swallowRequests}, {@link #swallowAnswers}), so that a client sees its connection to etcd
 * die while etcd itself runs on. Threads are daemons, one pair per connection.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean blocked;
  private volatile boolean swallowRequests;
  private volatile boolean swallowAnswers;
  private volatile boolean closed;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to a port on loopback. */
  static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort);
  }

  /** The port clients dial. */
  int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port} for a URI. */
  String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** Drops every open connection; new ones are forwarded again. */
  void cut() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Drops every open connection and closes new ones at once, until {@link #unblock()}. */
  void block() {
    blocked = true;
    cut();
  }

  /** Forwards new connections again. */
  void unblock() {
    blocked = false;
  }

  /**
   * Drops, until told otherwise, what clients send on open connections: a request sent meanwhile
   * never reaches etcd.
   */
  void swallowRequests(boolean on) {
    swallowRequests = on;
  }

  /**
   * Drops, until told otherwise, what etcd answers on open connections: a request sent meanwhile is
   * applied, and its answer lost.
   */
  void swallowAnswers(boolean on) {
    swallowAnswers = on;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    cut();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (blocked) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      sockets.add(client);
      sockets.add(upstream);
      pump(client, upstream, true);
      pump(upstream, client, false);
    }
  }

  private void pump(Socket from, Socket to, boolean request) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (request ? swallowRequests : swallowAnswers) {
                    continue;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (SocketException e) {
                // Cut.
              } catch (IOException e) {
                // The other side went away.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-pump-" + port());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing is all that is wanted.
    }
  }
}
